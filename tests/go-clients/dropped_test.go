package goclients

import (
	"encoding/json"
	"fmt"
	"sort"
	"strings"
	"testing"
)

// droppedFields lists the paths (`a.b[0].c`) of fields the wire JSON carried with a value that
// the decoded value no longer has after a JSON round trip: fields the client's model does not
// know. A wire value that is null, false, 0, "" or empty counts as absent (models omit them).
// `allowed` paths use `[]` for any index.
func droppedFields(wire []byte, decoded any, allowed []string) []string {
	var w any
	if err := json.Unmarshal(wire, &w); err != nil {
		return []string{fmt.Sprintf("(the wire is not JSON: %v)", err)}
	}
	again, err := json.Marshal(decoded)
	if err != nil {
		return []string{fmt.Sprintf("(the decoded value does not encode: %v)", err)}
	}
	var d any
	if err := json.Unmarshal(again, &d); err != nil {
		return []string{fmt.Sprintf("(the decoded value does not decode: %v)", err)}
	}
	allow := map[string]bool{}
	for _, a := range allowed {
		allow[a] = true
	}
	var out []string
	walk("", w, d, allow, &out)
	sort.Strings(out)
	return out
}

func walk(path string, wire, decoded any, allow map[string]bool, out *[]string) {
	switch w := wire.(type) {
	case map[string]any:
		d, _ := decoded.(map[string]any)
		for k, v := range w {
			p := k
			if path != "" {
				p = path + "." + k
			}
			if allow[generic(p)] {
				continue
			}
			dv, ok := d[k]
			if !ok {
				if !zero(v) {
					*out = append(*out, p)
				}
				continue
			}
			walk(p, v, dv, allow, out)
		}
	case []any:
		d, _ := decoded.([]any)
		for i, v := range w {
			if i >= len(d) {
				*out = append(*out, fmt.Sprintf("%s[%d]", path, i))
				continue
			}
			walk(fmt.Sprintf("%s[%d]", path, i), v, d[i], allow, out)
		}
	}
}

// generic turns `a[3].b` into `a[].b`.
func generic(p string) string {
	var b strings.Builder
	skip := false
	for _, r := range p {
		switch {
		case r == '[':
			skip = true
			b.WriteString("[]")
		case r == ']':
			skip = false
		case !skip:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func zero(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case bool:
		return !x
	case float64:
		return x == 0
	case string:
		return x == ""
	case []any:
		return len(x) == 0
	case map[string]any:
		for _, e := range x {
			if !zero(e) {
				return false
			}
		}
		return true
	}
	return false
}

// The check checks itself: a field the model lacks is reported, zero values and allowed paths are not.
func TestDroppedFieldsCheck(t *testing.T) {
	type model struct {
		A string `json:"a"`
		B []struct {
			C int `json:"c"`
		} `json:"b"`
	}
	var m model
	wire := []byte(`{"a":"x","b":[{"c":1,"d":2}],"e":"lost","f":null,"g":false,"h":{"i":null}}`)
	_ = json.Unmarshal(wire, &m)
	if got := droppedFields(wire, m, nil); strings.Join(got, ",") != "b[0].d,e" {
		t.Errorf("dropped = %v, want [b[0].d e]", got)
	}
	if got := droppedFields(wire, m, []string{"b[].d", "e"}); len(got) != 0 {
		t.Errorf("with allowed paths: dropped = %v, want none", got)
	}
}
