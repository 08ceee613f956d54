package intercomsim

// meJSON is GET /me: the token's admin with the workspace embedded as app
// (examples/api-2.16.me.response.json).
type meJSON struct {
	Type          string     `json:"type"`
	ID            string     `json:"id"`
	Email         string     `json:"email"`
	Name          string     `json:"name"`
	EmailVerified bool       `json:"email_verified"`
	App           appJSON    `json:"app"`
	Avatar        avatarJSON `json:"avatar"`
	HasInboxSeat  bool       `json:"has_inbox_seat"`
}

type appJSON struct {
	Type                 string `json:"type"`
	IDCode               string `json:"id_code"`
	Name                 string `json:"name"`
	CreatedAt            int64  `json:"created_at"`
	Secure               bool   `json:"secure"`
	IdentityVerification bool   `json:"identity_verification"`
	Timezone             string `json:"timezone"`
	Region               string `json:"region"`
}

type avatarJSON struct {
	Type     string `json:"type"`
	ImageURL string `json:"image_url"`
}

type adminListJSON struct {
	Type   string      `json:"type"`
	Admins []adminJSON `json:"admins"`
}

// adminJSON is components.schemas.admin as GET /admins and Canvas Kit requests carry it.
type adminJSON struct {
	Type             string `json:"type"`
	Email            string `json:"email"`
	ID               string `json:"id"`
	Name             string `json:"name"`
	AwayModeEnabled  bool   `json:"away_mode_enabled"`
	AwayModeReassign bool   `json:"away_mode_reassign"`
	HasInboxSeat     bool   `json:"has_inbox_seat"`
	TeamIDs          []int  `json:"team_ids"`
}

const defaultAvatar = "https://static.intercomassets.com/assets/default-avatars/admins/128.png"

// handleMe is GET /me (identifyAdmin). The region is the workspace's own, which is how a
// client learns which regional host to call (FACTS §1).
func (s *Sim) handleMe(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaces[c.tok.workspaceID]
	a, ok := w.admin(c.tok.adminID)
	if !ok {
		return nil, errTokenInvalid()
	}
	return meJSON{
		Type: "admin", ID: a.ID, Email: a.Email, Name: a.Name, EmailVerified: true,
		App: appJSON{
			Type: "app", IDCode: w.ID, Name: w.Name, CreatedAt: w.CreatedAt.Unix(),
			Timezone: w.Timezone, Region: w.Region,
		},
		Avatar:       avatarJSON{Type: "avatar", ImageURL: defaultAvatar},
		HasInboxSeat: true,
	}, nil
}

// handleListAdmins is GET /admins (listAdmins): the token's workspace's teammates only.
func (s *Sim) handleListAdmins(c *call) (any, *apiError) {
	s.mu.Lock()
	defer s.mu.Unlock()
	w := s.workspaces[c.tok.workspaceID]
	out := adminListJSON{Type: "admin.list", Admins: []adminJSON{}}
	for _, a := range w.Admins {
		out.Admins = append(out.Admins, toAdminJSON(a))
	}
	return out, nil
}

func toAdminJSON(a Admin) adminJSON {
	return adminJSON{Type: "admin", Email: a.Email, ID: a.ID, Name: a.Name, HasInboxSeat: true, TeamIDs: []int{}}
}
