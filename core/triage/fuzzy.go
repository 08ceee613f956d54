package triage

import "strings"

// withinOneEdit reports whether a and b differ by at most one insertion,
// deletion, substitution or swap of two neighbouring letters (the optimal
// string alignment form of Damerau–Levenshtein distance ≤ 1), in linear time.
func withinOneEdit(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) < len(b) {
		a, b = b, a
	}
	switch len(a) - len(b) {
	case 0:
		i := 0
		for i < len(a) && a[i] == b[i] {
			i++
		}
		if a[i+1:] == b[i+1:] {
			return true // one substitution
		}
		return i+1 < len(a) && a[i] == b[i+1] && a[i+1] == b[i] && a[i+2:] == b[i+2:]
	case 1:
		i := 0
		for i < len(b) && a[i] == b[i] {
			i++
		}
		return a[i+1:] == b[i:] // one letter more in a
	}
	return false
}

// commonWords are ordinary English words of five letters or more that sit
// one edit away from plausible service names ("logic"/"login",
// "expert"/"export", "shopping"/"shipping"). A word on this list is never
// read as a misspelt service; exact names and aliases still match.
var commonWords = func() map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(commonWordList) {
		m[w] = true
		m[stem(w)] = true
	}
	return m
}()

const commonWordList = `
about above after again against agent agents alert allow almost alone along already also although
always amount another answer anyone anything apply around asked because become before began begin
behind being below better between board bought brand bring brought build built business button
called calling cannot carry cases cause change charge cheap check child clean clear click client
clients close closed coming contact could count course cover create credit current customer daily
dance death delay delete detail didnt doing doubt dozen drive early earth email emails empty enough
entry error event every exact example except expect expert extra fault field final first floor
focus force found frame friend front funny given going great green group guess happen happy heard
heart heavy hello helps hence hours house however human image index inside issue issues items
label large later learn least leave level light limit lines little local logic login looking loose
lower lucky major maybe means media might minor minute model money month moral mouse moved movie
music never night noble noise north notes number occur offer often order orders other outer owner
pages paper party pause peace phone photo piece place plain plane plant point power press price
print prior proof proud quick quiet quite radio raise range reach ready really reason reply right
rough round route sales scope score serve seven shall share sheet shift shopping shipping short
should shown since sites small smart sorry sound south space speak speed spend spent staff stage
start state still stock store story style sugar super table taken teams terms thank their there
these thing think those three throw times title today total touch tower track trade train trend
trial truck trust truth twice under until upper usage users using usual valid value video visit
voice waste watch water where which while white whole whose woman women words world worry worse
would write wrong years young yours people person please thanks weird strange login logout
access accept account active actual adding advice always animal annual anyway appear approve
around arrive assume attach author avoid backup basic batch before blank broken browser bucket
cache called camera cancel cards career center chance changed channel charts choose chosen
client closer coffee column common config copied corner costs couple create credit custom
damage dealer debug decide demand depend design device direct domain double driver during
editor effect either enable engine entire escape export import expert impact extend failed
family faster figure filter finger finish flight folder follow format forum friday global
google handle health height hidden higher holder ignore inform insert instead invite itself
keeper latest launch leader leaving legacy letter listen little loaded locate logged longer
mainly manage manual margin market master matter member memory method middle mobile modern
monday months mostly myself nearly needed normal notice object office online option others
output params parent passed patch payment period placed player plenty pocket policy portal
posted prefer pretty primary private profit proper public pulled purple random rather reader
recent record reduce refund region remote remove repair repeat report resort retry return
review saturday school screen script search season second secure select sender sending server
service session setting settle signal simple single sister social solved someone source spring
status stream street string strong submit sudden summer sunday supply switch system target
thursday ticket toggle tuesday unable update upload useful vendor versus viewer wednesday weekly
window winter within worked worker working yellow yesterday
`
