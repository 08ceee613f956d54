package logfile

import (
	"bufio"
	"bytes"
	"compress/gzip"
	"errors"
	"io"
)

// readBufferSize is the bufio buffer: lines up to this long are handed out
// in place, without a copy. Larger ones are gathered in lineReader.long.
const readBufferSize = 128 << 10

// lineReader reads lines from plain or gzip files with buffers that are
// reused from line to line and file to file.
type lineReader struct {
	src  *bufio.Reader // the file
	gz   *gzip.Reader
	gzbr *bufio.Reader // over gz
	br   *bufio.Reader // the lines: src or gzbr
	long []byte
	max  int
}

func newLineReader(max int) *lineReader {
	return &lineReader{src: bufio.NewReaderSize(nil, readBufferSize), max: max}
}

// reset starts reading r. Gzip is recognised by its magic bytes, not by the
// file name: rotation tools are not consistent about ".gz".
func (r *lineReader) reset(f io.Reader) error {
	r.src.Reset(f)
	magic, _ := r.src.Peek(2)
	if !bytes.Equal(magic, []byte{0x1f, 0x8b}) {
		r.br = r.src
		r.skipBOM()
		return nil
	}
	var err error
	if r.gz == nil {
		r.gz, err = gzip.NewReader(r.src)
	} else {
		err = r.gz.Reset(r.src)
	}
	if err != nil {
		return err // gzip's errors say "gzip: …" already
	}
	if r.gzbr == nil {
		r.gzbr = bufio.NewReaderSize(r.gz, readBufferSize)
	} else {
		r.gzbr.Reset(r.gz)
	}
	r.br = r.gzbr
	r.skipBOM()
	return nil
}

// skipBOM drops a UTF-8 byte order mark (Windows tools write one), which
// would otherwise make the first line of a JSON file malformed.
func (r *lineReader) skipBOM() {
	if b, _ := r.br.Peek(3); bytes.Equal(b, []byte("\xef\xbb\xbf")) {
		r.br.Discard(3)
	}
}

// next returns the next line without its line ending. The line is valid
// until the next call. A line longer than max is read to its end and
// dropped: next reports tooLong and no line. At the end it returns io.EOF.
func (r *lineReader) next() (line []byte, tooLong bool, err error) {
	line, err = r.br.ReadSlice('\n')
	if errors.Is(err, bufio.ErrBufferFull) {
		r.long = append(r.long[:0], line...)
		for errors.Is(err, bufio.ErrBufferFull) {
			line, err = r.br.ReadSlice('\n')
			if !tooLong && len(r.long)+len(line) > r.max+2 {
				tooLong = true
				r.long = r.long[:0]
			}
			if !tooLong {
				r.long = append(r.long, line...)
			}
		}
		if tooLong {
			return nil, true, nil
		}
		line = r.long
	}
	if errors.Is(err, io.ErrUnexpectedEOF) && r.br == r.gzbr {
		// A gzip file cut short: being written by the rotation tool right
		// now, whose uncompressed original is still there. Read what is
		// whole and move on.
		err = io.EOF
	}
	if err != nil && (!errors.Is(err, io.EOF) || len(line) == 0) {
		return nil, false, err
	}
	line = bytes.TrimSuffix(line, []byte{'\n'})
	line = bytes.TrimSuffix(line, []byte{'\r'})
	if len(line) > r.max {
		return nil, true, nil
	}
	return line, false, nil
}
