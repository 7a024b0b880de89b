package masterdata

import (
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/vextrus/vextrus/internal/platform/errs"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// csvType says how a CSV cell maps to the JSON of a field.
type csvType int

const (
	csvText csvType = iota
	csvInt
	csvBool
	// csvList is a list of strings separated by ';'.
	csvList
	// csvMoney is "1250.50" (BDT) or "1250.50 USD".
	csvMoney
	// csvWallets is mobile banking as "bkash:01712345678;nagad:01812345678".
	csvWallets
	// csvJSON is the field's JSON, for structured lists (bank accounts).
	csvJSON
)

// csvColumn is one column of a kind's CSV: its header is the JSON path of
// the field, dotted for nested fields ("address.district").
type csvColumn struct {
	header string
	path   []string
	typ    csvType
}

func col(header string, t csvType) csvColumn {
	return csvColumn{header: header, path: strings.Split(header, "."), typ: t}
}

// toJSON builds the JSON of a record's writable fields from one CSV row;
// empty cells are left out, so defaults apply, and the quote an export
// put before a formula-like value is dropped. Returns INVALID_ARGUMENT
// naming every cell that cannot be read.
func toJSON(cols []csvColumn, cells []string) ([]byte, error) {
	obj := map[string]any{}
	var c errs.Collector
	for i, column := range cols {
		cell := unneutralize(strings.TrimSpace(cells[i]))
		if cell == "" {
			continue
		}
		v, err := cellValue(column.typ, cell)
		if err != nil {
			c.Add(column.header, "%s", err)
			continue
		}
		m := obj
		for _, p := range column.path[:len(column.path)-1] {
			sub, ok := m[p].(map[string]any)
			if !ok {
				sub = map[string]any{}
				m[p] = sub
			}
			m = sub
		}
		m[column.path[len(column.path)-1]] = v
	}
	if err := c.Err(); err != nil {
		return nil, err
	}
	return json.Marshal(obj)
}

func cellValue(t csvType, cell string) (any, error) {
	switch t {
	case csvInt:
		n, err := strconv.Atoi(cell)
		if err != nil {
			return nil, fmt.Errorf("must be a whole number")
		}
		return n, nil
	case csvBool:
		switch strings.ToLower(cell) {
		case "true", "yes", "1":
			return true, nil
		case "false", "no", "0":
			return false, nil
		}
		return nil, fmt.Errorf("must be true or false")
	case csvList:
		return splitList(cell), nil
	case csvMoney:
		amount, cur, _ := strings.Cut(cell, " ")
		if cur == "" {
			cur = string(money.BDT)
		}
		return map[string]string{"amount": amount, "currency": strings.TrimSpace(cur)}, nil
	case csvWallets:
		var out []map[string]string
		for _, w := range splitList(cell) {
			provider, number, ok := strings.Cut(w, ":")
			if !ok {
				return nil, fmt.Errorf("must be provider:number pairs separated by ';', e.g. bkash:01712345678")
			}
			out = append(out, map[string]string{"provider": provider, "number": number})
		}
		return out, nil
	case csvJSON:
		if !json.Valid([]byte(cell)) {
			return nil, fmt.Errorf("must be JSON")
		}
		return json.RawMessage(cell), nil
	}
	return cell, nil
}

func splitList(cell string) []string {
	var out []string
	for _, s := range strings.Split(cell, ";") {
		if s = strings.TrimSpace(s); s != "" {
			out = append(out, s)
		}
	}
	return out
}

// toCells is the CSV row of a record's writable fields.
func toCells(cols []csvColumn, rec Record) ([]string, error) {
	b, err := json.Marshal(rec.writable())
	if err != nil {
		return nil, err
	}
	var obj map[string]any
	if err := json.Unmarshal(b, &obj); err != nil {
		return nil, err
	}
	out := make([]string, len(cols))
	for i, column := range cols {
		var v any = obj
		for _, p := range column.path {
			m, _ := v.(map[string]any)
			v = m[p]
		}
		out[i] = cellText(column.typ, v)
	}
	return out, nil
}

func cellText(t csvType, v any) string {
	if v == nil {
		return ""
	}
	switch t {
	case csvList:
		var parts []string
		for _, s := range v.([]any) {
			parts = append(parts, fmt.Sprint(s))
		}
		return strings.Join(parts, ";")
	case csvMoney:
		m := v.(map[string]any)
		if m["currency"] == string(money.BDT) {
			return fmt.Sprint(m["amount"])
		}
		return fmt.Sprintf("%v %v", m["amount"], m["currency"])
	case csvWallets:
		var parts []string
		for _, w := range v.([]any) {
			m := w.(map[string]any)
			parts = append(parts, fmt.Sprintf("%v:%v", m["provider"], m["number"]))
		}
		return strings.Join(parts, ";")
	case csvJSON:
		if l, ok := v.([]any); ok && len(l) == 0 {
			return ""
		}
		b, _ := json.Marshal(v)
		return string(b)
	case csvInt:
		if f, ok := v.(float64); ok {
			return strconv.FormatInt(int64(f), 10)
		}
	}
	return fmt.Sprint(v)
}
