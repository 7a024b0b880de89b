package forms

import (
	"github.com/vextrus/vextrus/internal/documents/pdf"
)

// signRoom is the height the signature block and the note below it need.
const signRoom = 110.0

var (
	labelStyle = pdf.Style{Size: 8.5, Bold: true}
	valueStyle = pdf.Style{Size: 8.5}
)

// header63 draws the form's heading and returns the y below it.
func header63(p *pdf.Page, l labels63) float64 {
	right := p.Width() - margin
	fs := pdf.Style{Size: 9, Bold: true}
	w := pdf.Measure(l.form, fs)
	p.Rect(right-w-12, margin, w+12, 18, 0.8)
	p.Text(right-6, margin+12.5, l.form, pdf.Style{Size: 9, Bold: true, Align: pdf.Right})

	cx := p.Width() / 2
	y := margin + 10
	p.Text(cx, y, l.government, pdf.Style{Size: 9, Align: pdf.Center})
	y += 13
	p.Text(cx, y, l.board, pdf.Style{Size: 9, Align: pdf.Center})
	y += 20
	p.Text(cx, y, l.title, pdf.Style{Size: 14, Bold: true, Align: pdf.Center})
	y += 14
	p.Text(cx, y, l.rule, pdf.Style{Size: 8, Align: pdf.Center})
	y += 8
	p.Line(margin, y, right, y, 0.5)
	return y + 6
}

// parties63 draws the seller and buyer on the left and the invoice's
// number, date and time on the right, and returns the y below them.
func parties63(p *pdf.Page, m Mushak63, l labels63, y0 float64) float64 {
	left := margin
	y := y0
	y = kv(p, left, y, 132, 215, l.seller, m.Seller.name(m.Lang))
	y = kv(p, left, y, 132, 215, l.sellerBIN, m.Seller.BIN)
	y = kv(p, left, y, 132, 215, l.issueAddress, m.Seller.address(m.Lang))
	y += 6
	y = kv(p, left, y, 132, 215, l.buyer, m.Buyer.name(m.Lang))
	y = kv(p, left, y, 132, 215, l.buyerBIN, m.Buyer.BIN)
	y = kv(p, left, y, 132, 215, l.buyerAddress, m.Buyer.address(m.Lang))
	if m.DeliveryAddress != "" {
		y = kv(p, left, y, 132, 215, l.destination, m.DeliveryAddress)
	}
	if m.Vehicle != "" {
		y = kv(p, left, y, 132, 215, l.vehicle, m.Vehicle)
	}

	rx := margin + 362
	ry := y0
	ry = kv(p, rx, ry, 78, 99, l.number, m.Number)
	ry = kv(p, rx, ry, 78, 99, l.date, digits(m.Lang, m.IssuedAt.Format("02/01/2006")))
	ry = kv(p, rx, ry, 78, 99, l.time, digits(m.Lang, m.IssuedAt.Format("15:04")))
	return max(y, ry)
}

// kv draws a label and its value side by side, each wrapped in its
// width, with y the top of the row; it returns the top of the next row.
func kv(p *pdf.Page, x, y, lw, vw float64, label, value string) float64 {
	lh := lineHeight(valueStyle.Size)
	ll := pdf.Wrap(label, lw-4, labelStyle)
	vl := pdf.Wrap(value, vw, valueStyle)
	for i, s := range ll {
		p.Text(x, y+float64(i)*lh+1.1*labelStyle.Size, s, labelStyle)
	}
	for i, s := range vl {
		p.Text(x+lw, y+float64(i)*lh+1.1*valueStyle.Size, s, valueStyle)
	}
	return y + float64(max(len(ll), len(vl)))*lh
}

// signature63 draws the authorised person's block and the seal box with
// its top at y, and the note on deduction at source under them.
func signature63(p *pdf.Page, m Mushak63, l labels63, y float64) {
	blank := "...................................."
	name, designation := m.AuthorisedName, m.AuthorisedDesignation
	if name == "" {
		name = blank
	}
	if designation == "" {
		designation = blank
	}
	y0 := y
	y = kv(p, margin, y, 200, 180, l.signName, name)
	y = kv(p, margin, y, 200, 180, l.signDesignation, designation)
	y = kv(p, margin, y+22, 200, 180, l.sign, blank)

	sx := p.Width() - margin - 90
	p.Rect(sx, y0, 90, 56, 0.5)
	p.Text(sx+45, y0+32, l.seal, pdf.Style{Size: 8, Align: pdf.Center})

	y = max(y, y0+56) + 14
	for _, s := range pdf.Wrap(l.withholdingNote, p.Width()-2*margin, pdf.Style{Size: 7}) {
		p.Text(margin, y, s, pdf.Style{Size: 7})
		y += lineHeight(7)
	}
}
