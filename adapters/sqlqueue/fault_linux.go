package sqlqueue

import "syscall"

// stRDONLY is ST_RDONLY of statfs(2)'s f_flags.
const stRDONLY = 1

// diskLooksBad reports whether the file system holding dir is read-only or
// has no space left, as statfs(2) tells.
func diskLooksBad(dir string) bool {
	var st syscall.Statfs_t
	if err := syscall.Statfs(dir, &st); err != nil {
		return false
	}
	return st.Flags&stRDONLY != 0 || st.Bavail == 0
}
