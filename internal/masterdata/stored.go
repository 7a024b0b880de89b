package masterdata

import (
	"fmt"

	gojson "github.com/goccy/go-json"

	"github.com/vextrus/vextrus/internal/platform/bd"
	"github.com/vextrus/vextrus/internal/platform/money"
)

// The stored types are the JSON of a record's data column. They are kept
// apart from the API types so that renaming or reshaping an API field
// cannot silently change what is written or drop what was stored: a stored
// name changes only here, with a migration of the column. Their names are
// the API's as they were when the column was first written. Building a
// record from them does not validate (the record was validated when it was
// written); toDB… and fromDB… are the only ways across.

type storedMoney struct {
	Amount   string `json:"amount"`
	Currency string `json:"currency"`
}

func toDBMoney(a money.Amount) *storedMoney {
	if a.Currency() == "" {
		return nil
	}
	return &storedMoney{Amount: a.Decimal(), Currency: string(a.Currency())}
}

func fromDBMoney(m *storedMoney) (money.Amount, error) {
	if m == nil {
		return money.Amount{}, nil
	}
	a, err := money.Parse(m.Amount, money.Currency(m.Currency))
	if err != nil {
		return money.Amount{}, fmt.Errorf("stored amount %q %q: %w", m.Amount, m.Currency, err)
	}
	return a, nil
}

type storedAddress struct {
	Line1    string `json:"line1"`
	Line2    string `json:"line2"`
	Upazila  string `json:"upazila"`
	District string `json:"district"`
	Division string `json:"division"`
	PostCode string `json:"postCode"`
}

// The conversions of address, bank account and wallet compile only while
// the stored and API structs have the same fields: adding one to either
// fails the build until both have it.

func toDBAddress(a Address) storedAddress { return storedAddress(a) }

func fromDBAddress(a storedAddress) Address { return Address(a) }

// storedParty is the data column of a customer, and the part of a
// vendor's that it shares with customers.
type storedParty struct {
	Code             string        `json:"code"`
	Name             string        `json:"name"`
	NameBn           string        `json:"nameBn"`
	Type             string        `json:"type"`
	BIN              string        `json:"bin"`
	TIN              string        `json:"tin"`
	NID              string        `json:"nid"`
	Mobile           string        `json:"mobile"`
	Email            string        `json:"email"`
	Address          storedAddress `json:"address"`
	CreditLimit      *storedMoney  `json:"creditLimit"`
	PaymentTermsDays int           `json:"paymentTermsDays"`
	Status           string        `json:"status"`
	Tags             []string      `json:"tags"`
}

func toDBParty(p *Party) storedParty {
	return storedParty{Code: p.Code, Name: p.Name, NameBn: p.NameBn, Type: p.Type,
		BIN: p.BIN.String(), TIN: p.TIN.String(), NID: p.NID.String(), Mobile: p.Mobile.String(), Email: p.Email,
		Address: toDBAddress(p.Address), CreditLimit: toDBMoney(p.CreditLimit), PaymentTermsDays: p.PaymentTermsDays,
		Status: p.Status, Tags: p.Tags}
}

func fromDBParty(s *storedParty) (Party, error) {
	limit, err := fromDBMoney(s.CreditLimit)
	if err != nil {
		return Party{}, err
	}
	return Party{Code: s.Code, Name: s.Name, NameBn: s.NameBn, Type: s.Type,
		BIN: bd.BIN(s.BIN), TIN: bd.TIN(s.TIN), NID: bd.NID(s.NID), Mobile: bd.Mobile(s.Mobile), Email: s.Email,
		Address: fromDBAddress(s.Address), CreditLimit: limit, PaymentTermsDays: s.PaymentTermsDays,
		Status: s.Status, Tags: s.Tags}, nil
}

type storedBankAccount struct {
	BankName      string `json:"bankName"`
	Branch        string `json:"branch"`
	AccountName   string `json:"accountName"`
	AccountNumber string `json:"accountNumber"`
	RoutingNumber string `json:"routingNumber"`
}

type storedMobileAccount struct {
	Provider string `json:"provider"`
	Number   string `json:"number"`
}

// storedVendor is the data column of a vendor.
type storedVendor struct {
	storedParty
	TradeLicence    string                `json:"tradeLicence"`
	BankAccounts    []storedBankAccount   `json:"bankAccounts"`
	MobileBanking   []storedMobileAccount `json:"mobileBanking"`
	AITCategory     string                `json:"aitCategory"`
	RetentionBps    int                   `json:"retentionBps"`
	Blacklisted     bool                  `json:"blacklisted"`
	BlacklistReason string                `json:"blacklistReason"`
	BlacklistedOn   string                `json:"blacklistedOn"`
}

func toDBVendor(f *VendorFields) storedVendor {
	s := storedVendor{storedParty: toDBParty(&f.Party), TradeLicence: f.TradeLicence, AITCategory: f.AITCategory,
		RetentionBps: f.RetentionBps, Blacklisted: f.Blacklisted, BlacklistReason: f.BlacklistReason,
		BlacklistedOn: f.BlacklistedOn}
	if f.BankAccounts != nil {
		s.BankAccounts = make([]storedBankAccount, len(f.BankAccounts))
		for i, b := range f.BankAccounts {
			s.BankAccounts[i] = storedBankAccount(b)
		}
	}
	if f.MobileBanking != nil {
		s.MobileBanking = make([]storedMobileAccount, len(f.MobileBanking))
		for i, m := range f.MobileBanking {
			s.MobileBanking[i] = storedMobileAccount(m)
		}
	}
	return s
}

func fromDBVendor(s *storedVendor) (VendorFields, error) {
	p, err := fromDBParty(&s.storedParty)
	if err != nil {
		return VendorFields{}, err
	}
	f := VendorFields{Party: p, TradeLicence: s.TradeLicence, AITCategory: s.AITCategory,
		RetentionBps: s.RetentionBps, Blacklisted: s.Blacklisted, BlacklistReason: s.BlacklistReason,
		BlacklistedOn: s.BlacklistedOn}
	if s.BankAccounts != nil {
		f.BankAccounts = make([]BankAccount, len(s.BankAccounts))
		for i, b := range s.BankAccounts {
			f.BankAccounts[i] = BankAccount(b)
		}
	}
	if s.MobileBanking != nil {
		f.MobileBanking = make([]MobileAccount, len(s.MobileBanking))
		for i, m := range s.MobileBanking {
			f.MobileBanking[i] = MobileAccount(m)
		}
	}
	return f, nil
}

// storedProduct is the data column of a product.
type storedProduct struct {
	SKU          string       `json:"sku"`
	Name         string       `json:"name"`
	NameBn       string       `json:"nameBn"`
	Kind         string       `json:"kind"`
	Category     string       `json:"category"`
	Unit         string       `json:"unit"`
	HSCode       string       `json:"hsCode"`
	VATCategory  string       `json:"vatCategory"`
	VATRateKey   string       `json:"vatRateKey"`
	SDRateBps    int          `json:"sdRateBps"`
	DefaultPrice *storedMoney `json:"defaultPrice"`
	Status       string       `json:"status"`
	Tags         []string     `json:"tags"`
}

func toDBProduct(f *ProductFields) storedProduct {
	return storedProduct{SKU: f.SKU, Name: f.Name, NameBn: f.NameBn, Kind: f.Kind, Category: f.Category,
		Unit: f.Unit, HSCode: f.HSCode.String(), VATCategory: f.VATCategory, VATRateKey: f.VATRateKey,
		SDRateBps: f.SDRateBps, DefaultPrice: toDBMoney(f.DefaultPrice), Status: f.Status, Tags: f.Tags}
}

func fromDBProduct(s *storedProduct) (ProductFields, error) {
	price, err := fromDBMoney(s.DefaultPrice)
	if err != nil {
		return ProductFields{}, err
	}
	return ProductFields{SKU: s.SKU, Name: s.Name, NameBn: s.NameBn, Kind: s.Kind, Category: s.Category,
		Unit: s.Unit, HSCode: bd.HSCode(s.HSCode), VATCategory: s.VATCategory, VATRateKey: s.VATRateKey,
		SDRateBps: s.SDRateBps, DefaultPrice: price, Status: s.Status, Tags: s.Tags}, nil
}

// storedUnit is the data column of a unit.
type storedUnit struct {
	Code      string   `json:"code"`
	Name      string   `json:"name"`
	NameBn    string   `json:"nameBn"`
	Dimension string   `json:"dimension"`
	Decimals  int      `json:"decimals"`
	Status    string   `json:"status"`
	Tags      []string `json:"tags"`
}

func toDBUnit(f *UnitFields) storedUnit {
	return storedUnit{Code: f.Code, Name: f.Name, NameBn: f.NameBn, Dimension: f.Dimension, Decimals: f.Decimals,
		Status: f.Status, Tags: f.Tags}
}

func fromDBUnit(s *storedUnit) UnitFields {
	return UnitFields{Code: s.Code, Name: s.Name, NameBn: s.NameBn, Dimension: s.Dimension, Decimals: s.Decimals,
		Status: s.Status, Tags: s.Tags}
}

// decodeStored decodes a data column. It tolerates stored fields it does
// not know, so a row written by a newer release is still read.
func decodeStored[S any](data []byte) (*S, error) {
	s := new(S)
	if err := gojson.Unmarshal(data, s); err != nil {
		return nil, err
	}
	return s, nil
}

func (c *Customer) toDB() any { return toDBParty(&c.Party) }

func (c *Customer) fromDB(data []byte) error {
	s, err := decodeStored[storedParty](data)
	if err == nil {
		c.Party, err = fromDBParty(s)
	}
	return err
}

func (v *Vendor) toDB() any { return toDBVendor(&v.VendorFields) }

func (v *Vendor) fromDB(data []byte) error {
	s, err := decodeStored[storedVendor](data)
	if err == nil {
		v.VendorFields, err = fromDBVendor(s)
	}
	return err
}

func (p *Product) toDB() any { return toDBProduct(&p.ProductFields) }

func (p *Product) fromDB(data []byte) error {
	s, err := decodeStored[storedProduct](data)
	if err == nil {
		p.ProductFields, err = fromDBProduct(s)
	}
	return err
}

func (u *Unit) toDB() any { return toDBUnit(&u.UnitFields) }

func (u *Unit) fromDB(data []byte) error {
	s, err := decodeStored[storedUnit](data)
	if err == nil {
		u.UnitFields = fromDBUnit(s)
	}
	return err
}
