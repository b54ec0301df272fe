// Command cosigned verifies a checkpoint cosigned by C2SP tlog-witness witnesses with Go's
// golang.org/x/mod/sumdb/note: the log's Ed25519 key through note.NewVerifier, and each witness's
// cosignature/v1 (C2SP tlog-cosignature) through a note.Verifier written here from the spec.
//
// Usage: cosigned verify|expect-reject NOTE_FILE LOG_VKEY WITNESS_VKEY...
// verify prints "OK <log> cosigned by <n> witnesses" when the note verifies under the log key and
// carries a valid cosignature by every witness key; expect-reject prints "REJECTED: <error>" when
// note.Open refuses the note (a cosignature by a trusted witness that does not verify).
package main

import (
	"bytes"
	"crypto/ed25519"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"fmt"
	"os"
	"strconv"
	"strings"

	"golang.org/x/mod/sumdb/note"
)

// cosigV1 verifies Ed25519 cosignature/v1 signatures: the signature is an 8-byte big-endian
// timestamp and a 64-byte Ed25519 signature over "cosignature/v1\ntime <T>\n" || note text.
type cosigV1 struct {
	name string
	hash uint32
	key  ed25519.PublicKey
}

func (v *cosigV1) Name() string    { return v.name }
func (v *cosigV1) KeyHash() uint32 { return v.hash }
func (v *cosigV1) Verify(msg, sig []byte) bool {
	if len(sig) != 8+ed25519.SignatureSize {
		return false
	}
	t := binary.BigEndian.Uint64(sig[:8])
	if t > 1<<63-1 {
		return false
	}
	m := append([]byte("cosignature/v1\ntime "+strconv.FormatUint(t, 10)+"\n"), msg...)
	return ed25519.Verify(v.key, m, sig[8:])
}

// parseCosigner parses name+hash+base64(0x04 || key), checking the key hash from scratch.
func parseCosigner(vkey string) (*cosigV1, error) {
	parts := strings.SplitN(vkey, "+", 3)
	if len(parts) != 3 {
		return nil, fmt.Errorf("malformed cosigner key %q", vkey)
	}
	raw, err := base64.StdEncoding.DecodeString(parts[2])
	if err != nil || len(raw) != 1+ed25519.PublicKeySize || raw[0] != 0x04 {
		return nil, fmt.Errorf("cosigner key %q is not an Ed25519 cosignature/v1 key", vkey)
	}
	h := sha256.Sum256(append([]byte(parts[0]+"\n"), raw...))
	hash := binary.BigEndian.Uint32(h[:4])
	if fmt.Sprintf("%08x", hash) != parts[1] {
		return nil, fmt.Errorf("cosigner key %q: key hash is not SHA-256(name, 0x0A, 0x04, key)[:4]", vkey)
	}
	return &cosigV1{name: parts[0], hash: hash, key: ed25519.PublicKey(raw[1:])}, nil
}

func main() {
	if len(os.Args) < 5 {
		fmt.Fprintln(os.Stderr, "usage: cosigned verify|expect-reject NOTE LOG_VKEY WITNESS_VKEY...")
		os.Exit(2)
	}
	msg, err := os.ReadFile(os.Args[2])
	check(err)
	logV, err := note.NewVerifier(strings.TrimSpace(os.Args[3]))
	check(err)
	verifiers := []note.Verifier{logV}
	var witnesses []*cosigV1
	for _, k := range os.Args[4:] {
		w, err := parseCosigner(strings.TrimSpace(k))
		check(err)
		witnesses = append(witnesses, w)
		verifiers = append(verifiers, w)
	}
	n, err := note.Open(msg, note.VerifierList(verifiers...))
	if os.Args[1] == "expect-reject" {
		if err == nil {
			fmt.Println("ACCEPTED")
			os.Exit(1)
		}
		fmt.Println("REJECTED: " + err.Error())
		return
	}
	check(err)
	for _, w := range witnesses {
		found := false
		for _, s := range n.Sigs {
			found = found || (s.Name == w.name && s.Hash == w.hash)
		}
		if !found {
			fmt.Fprintf(os.Stderr, "no verified cosignature by %s\n", w.name)
			os.Exit(1)
		}
	}
	origin := string(bytes.SplitN([]byte(n.Text), []byte("\n"), 2)[0])
	fmt.Printf("OK %s cosigned by %d witnesses\n", origin, len(witnesses))
}

func check(err error) {
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
}
