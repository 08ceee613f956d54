package main

import (
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// Real file systems for the data directory of the disk fault tests. chmod
// stops nothing for root, so the faults come from the kernel itself: a
// small tmpfs that a filler file fills, and an ext4 image on a loop device
// that the kernel remounts read-only after an error. `mount -o remount,ro`
// is no substitute: Linux refuses it (EBUSY) while a file is open for
// writing, and the hub always holds its database so.

// mountFS mounts a file system on a new directory with args ("-t", "tmpfs",
// …) and unmounts it when the test ends (lazily if a process still holds
// it). It skips the test when this process may not mount.
func mountFS(t *testing.T, args ...string) string {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: the data directory is a small file system mounted for the test")
	}
	dir := filepath.Join(t.TempDir(), "data")
	if err := os.Mkdir(dir, 0o700); err != nil {
		t.Fatal(err)
	}
	if out, err := exec.Command("mount", append(args, dir)...).CombinedOutput(); err != nil {
		t.Skipf("cannot mount the test's file system (mount %s: %v: %s); this test needs root with mount allowed",
			strings.Join(args, " "), err, out)
	}
	t.Cleanup(func() { unmount(t, dir) })
	return dir
}

func unmount(t *testing.T, dir string) {
	if out, err := exec.Command("umount", dir).CombinedOutput(); err != nil {
		if out2, err2 := exec.Command("umount", "-l", dir).CombinedOutput(); err2 != nil {
			t.Errorf("unmount %s: %v %s; lazily: %v %s", dir, err, out, err2, out2)
		}
	}
}

// fillDisk fills the file system of dir with a filler file, to the last
// page, and returns the function that deletes it.
func fillDisk(t *testing.T, dir string) (free func()) {
	t.Helper()
	path := filepath.Join(dir, "filler")
	f, err := os.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	// Large writes first, then ever smaller ones for the space they leave.
	for _, chunk := range []int{1 << 20, 64 << 10, 4 << 10, 1} {
		buf := make([]byte, chunk)
		for {
			if _, err := f.Write(buf); err != nil {
				if !errors.Is(err, syscall.ENOSPC) {
					t.Fatalf("fill %s: %v", dir, err)
				}
				break
			}
		}
	}
	return func() {
		if err := os.Remove(path); err != nil {
			t.Fatal(err)
		}
	}
}

// ext4Disk is an ext4 image on a loop device, mounted errors=remount-ro.
type ext4Disk struct {
	t        *testing.T
	img, dir string
}

// mountExt4 makes and mounts an ext4 image of size (a truncate size: 32M).
func mountExt4(t *testing.T, size string) *ext4Disk {
	t.Helper()
	if os.Geteuid() != 0 {
		t.Skip("needs root: the data directory is an ext4 image mounted for the test")
	}
	img := filepath.Join(t.TempDir(), "data.ext4")
	for _, c := range [][]string{{"truncate", "-s", size, img}, {"mkfs.ext4", "-q", "-F", img}} {
		if out, err := exec.Command(c[0], c[1:]...).CombinedOutput(); err != nil {
			t.Skipf("cannot make an ext4 image (%s: %v: %s)", c[0], err, out)
		}
	}
	d := &ext4Disk{t: t, img: img}
	d.dir = mountFS(t, "-o", "loop,errors=remount-ro", img)
	if _, err := os.Stat(d.sysfs()); err != nil {
		t.Skipf("the kernel offers no way to fail ext4 on purpose: %v", err)
	}
	return d
}

// sysfs is the file that makes the kernel report an ext4 error.
func (d *ext4Disk) sysfs() string {
	out, err := exec.Command("findmnt", "-n", "-o", "SOURCE", d.dir).Output()
	if err != nil {
		d.t.Fatalf("findmnt %s: %v", d.dir, err)
	}
	return "/sys/fs/ext4/" + filepath.Base(strings.TrimSpace(string(out))) + "/trigger_fs_error"
}

// goReadOnly flushes what is written to the image, then reports an error
// to ext4, which (errors=remount-ro) makes the file system read-only at
// once, open files included, as a failing disk would.
func (d *ext4Disk) goReadOnly() {
	d.t.Helper()
	if out, err := exec.Command("sync", "-f", d.dir).CombinedOutput(); err != nil {
		d.t.Fatalf("sync %s: %v %s", d.dir, err, out)
	}
	if err := os.WriteFile(d.sysfs(), []byte("sigsentry disk fault test\n"), 0o200); err != nil {
		d.t.Fatalf("fail ext4: %v", err)
	}
	if err := os.WriteFile(filepath.Join(d.dir, "probe"), nil, 0o600); !errors.Is(err, syscall.EROFS) {
		d.t.Fatalf("after the error the file system still takes writes (%v)", err)
	}
}

// repair is what an operator does once the hub is stopped: unmount, check
// the file system, mount it again.
func (d *ext4Disk) repair() {
	d.t.Helper()
	if out, err := exec.Command("umount", d.dir).CombinedOutput(); err != nil {
		d.t.Fatalf("umount %s: %v %s", d.dir, err, out)
	}
	// e2fsck exits 1 when it corrected errors: that is the point.
	if out, err := exec.Command("e2fsck", "-f", "-y", d.img).CombinedOutput(); err != nil {
		var exit *exec.ExitError
		if !errors.As(err, &exit) || exit.ExitCode() > 1 {
			d.t.Fatalf("e2fsck: %v\n%s", err, out)
		}
	}
	if out, err := exec.Command("mount", "-o", "loop,errors=remount-ro", d.img, d.dir).CombinedOutput(); err != nil {
		d.t.Fatalf("mount %s again: %v %s", d.img, err, out)
	}
}
