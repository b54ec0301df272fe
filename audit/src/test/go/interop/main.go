// Command interop checks the Dooor audit log's artifacts with Go's reference
// implementations: golang.org/x/mod/sumdb/note (C2SP signed notes, Ed25519
// verifier keys) and golang.org/x/mod/sumdb/tlog (RFC 6962/9162 proofs, tiles).
//
// Usage: interop verify DIR   (DIR written by GoInteropTest)
//        interop sign SIZE ROOT_B64   (prints a Go-generated verifier key and a signed checkpoint)
// It prints "OK <n> checks" or exits non-zero naming the first mismatch.
package main

import (
	"bufio"
	"bytes"
	"crypto/rand"
	"encoding/base64"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
	"golang.org/x/mod/sumdb/tlog"
)

func fail(format string, args ...interface{}) {
	fmt.Fprintf(os.Stderr, "FAIL "+format+"\n", args...)
	os.Exit(1)
}

func read(dir, name string) []byte {
	b, err := os.ReadFile(filepath.Join(dir, name))
	if err != nil {
		fail("read %s: %v", name, err)
	}
	return b
}

// openCheckpoint verifies the signed note with note.Open and parses the
// C2SP tlog-checkpoint body (origin, size, base64 root).
func openCheckpoint(dir, name string, verifiers note.Verifiers) (string, tlog.Tree) {
	n, err := note.Open(read(dir, name), verifiers)
	if err != nil {
		fail("note.Open %s: %v", name, err)
	}
	lines := strings.Split(n.Text, "\n")
	if len(lines) < 4 {
		fail("%s: short checkpoint", name)
	}
	size, err := strconv.ParseInt(lines[1], 10, 64)
	if err != nil {
		fail("%s: size: %v", name, err)
	}
	root, err := base64.StdEncoding.DecodeString(lines[2])
	if err != nil || len(root) != tlog.HashSize {
		fail("%s: root: %v", name, err)
	}
	var h tlog.Hash
	copy(h[:], root)
	return lines[0], tlog.Tree{N: size, Hash: h}
}

// dirTiles serves C2SP tlog-tiles paths (tile/L/N[.p/W]) from DIR; Go's own
// tile paths carry the height (tile/8/L/...), which C2SP dropped.
type dirTiles struct{ dir string }

func (d dirTiles) Height() int { return 8 }

func (d dirTiles) ReadTiles(tiles []tlog.Tile) ([][]byte, error) {
	var out [][]byte
	for _, t := range tiles {
		p := strings.Replace(t.Path(), "tile/8/", "tile/", 1)
		b, err := os.ReadFile(filepath.Join(d.dir, p))
		if err != nil {
			return nil, err
		}
		out = append(out, b)
	}
	return out, nil
}

func (d dirTiles) SaveTiles([]tlog.Tile, [][]byte) {}

func hashes(b64 string) []tlog.Hash {
	raw, err := base64.StdEncoding.DecodeString(b64)
	if err != nil || len(raw)%tlog.HashSize != 0 {
		fail("bad proof encoding")
	}
	var out []tlog.Hash
	for i := 0; i < len(raw); i += tlog.HashSize {
		var h tlog.Hash
		copy(h[:], raw[i:i+tlog.HashSize])
		out = append(out, h)
	}
	return out
}

func verify(dir string) {
	v, err := note.NewVerifier(strings.TrimSpace(string(read(dir, "vkey"))))
	if err != nil {
		fail("note.NewVerifier: %v", err)
	}
	vs := note.VerifierList(v)
	origin, tree := openCheckpoint(dir, "checkpoint", vs)
	if origin != v.Name() {
		fail("origin %q is not the key name %q", origin, v.Name())
	}
	_, old := openCheckpoint(dir, "checkpoint.old", vs)
	hr := tlog.TileHashReader(tree, dirTiles{dir})
	th, err := tlog.TreeHash(tree.N, hr)
	if err != nil || th != tree.Hash {
		fail("TreeHash from our tiles: %v %v", th, err)
	}
	checks := 1
	sc := bufio.NewScanner(bytes.NewReader(read(dir, "proofs")))
	for sc.Scan() {
		f := strings.Fields(sc.Text())
		switch f[0] {
		case "incl":
			idx, _ := strconv.ParseInt(f[1], 10, 64)
			entry, _ := base64.StdEncoding.DecodeString(f[2])
			var proof tlog.RecordProof = hashes(f[3])
			leaf := tlog.RecordHash(entry)
			if err := tlog.CheckRecord(proof, tree.N, tree.Hash, idx, leaf); err != nil {
				fail("CheckRecord %d: %v", idx, err)
			}
			goProof, err := tlog.ProveRecord(tree.N, idx, hr)
			if err != nil || len(goProof) != len(proof) {
				fail("ProveRecord %d: %v", idx, err)
			}
			for i := range proof {
				if proof[i] != goProof[i] {
					fail("inclusion proof %d differs from Go's at hash %d", idx, i)
				}
			}
		case "cons":
			var proof tlog.TreeProof = hashes(f[1])
			if err := tlog.CheckTree(proof, tree.N, tree.Hash, old.N, old.Hash); err != nil {
				fail("CheckTree %d -> %d: %v", old.N, tree.N, err)
			}
			goProof, err := tlog.ProveTree(tree.N, old.N, hr)
			if err != nil || len(goProof) != len(proof) {
				fail("ProveTree: %v", err)
			}
			for i := range proof {
				if proof[i] != goProof[i] {
					fail("consistency proof differs from Go's at hash %d", i)
				}
			}
		default:
			fail("unknown line %q", f[0])
		}
		checks++
	}
	fmt.Printf("OK %d checks\n", checks)
}

func sign(size, root string) {
	skey, vkey, err := note.GenerateKey(rand.Reader, "go.example/log")
	if err != nil {
		fail("GenerateKey: %v", err)
	}
	s, err := note.NewSigner(skey)
	if err != nil {
		fail("NewSigner: %v", err)
	}
	msg, err := note.Sign(&note.Note{Text: "go.example/log\n" + size + "\n" + root + "\n"}, s)
	if err != nil {
		fail("Sign: %v", err)
	}
	fmt.Printf("%s\n%s", vkey, msg)
}

func main() {
	if len(os.Args) == 3 && os.Args[1] == "verify" {
		verify(os.Args[2])
	} else if len(os.Args) == 4 && os.Args[1] == "sign" {
		sign(os.Args[2], os.Args[3])
	} else {
		fail("usage: interop verify DIR | interop sign SIZE ROOT")
	}
}
