package bd

import (
	"strings"
	"sync"
)

// Division is one of the eight administrative divisions of Bangladesh.
type Division struct {
	Key       string     `json:"key"`
	Name      string     `json:"name"`
	NameBn    string     `json:"nameBn"`
	Districts []District `json:"districts"`
}

// District is one of the 64 districts (zila); its key is what addresses
// store.
type District struct {
	Key      string `json:"key"`
	Name     string `json:"name"`
	NameBn   string `json:"nameBn"`
	Division string `json:"division"`
}

// divisions is the administrative geography as data, in the current
// official English spellings (2018).
var divisions = []Division{
	div("barishal", "Barishal", "বরিশাল",
		d("barguna", "Barguna", "বরগুনা"), d("barishal", "Barishal", "বরিশাল"), d("bhola", "Bhola", "ভোলা"),
		d("jhalokati", "Jhalokati", "ঝালকাঠি"), d("patuakhali", "Patuakhali", "পটুয়াখালী"), d("pirojpur", "Pirojpur", "পিরোজপুর")),
	div("chattogram", "Chattogram", "চট্টগ্রাম",
		d("bandarban", "Bandarban", "বান্দরবান"), d("brahmanbaria", "Brahmanbaria", "ব্রাহ্মণবাড়িয়া"),
		d("chandpur", "Chandpur", "চাঁদপুর"), d("chattogram", "Chattogram", "চট্টগ্রাম"),
		d("coxs-bazar", "Cox's Bazar", "কক্সবাজার"), d("cumilla", "Cumilla", "কুমিল্লা"), d("feni", "Feni", "ফেনী"),
		d("khagrachhari", "Khagrachhari", "খাগড়াছড়ি"), d("lakshmipur", "Lakshmipur", "লক্ষ্মীপুর"),
		d("noakhali", "Noakhali", "নোয়াখালী"), d("rangamati", "Rangamati", "রাঙ্গামাটি")),
	div("dhaka", "Dhaka", "ঢাকা",
		d("dhaka", "Dhaka", "ঢাকা"), d("faridpur", "Faridpur", "ফরিদপুর"), d("gazipur", "Gazipur", "গাজীপুর"),
		d("gopalganj", "Gopalganj", "গোপালগঞ্জ"), d("kishoreganj", "Kishoreganj", "কিশোরগঞ্জ"),
		d("madaripur", "Madaripur", "মাদারীপুর"), d("manikganj", "Manikganj", "মানিকগঞ্জ"),
		d("munshiganj", "Munshiganj", "মুন্সিগঞ্জ"), d("narayanganj", "Narayanganj", "নারায়ণগঞ্জ"),
		d("narsingdi", "Narsingdi", "নরসিংদী"), d("rajbari", "Rajbari", "রাজবাড়ী"),
		d("shariatpur", "Shariatpur", "শরীয়তপুর"), d("tangail", "Tangail", "টাঙ্গাইল")),
	div("khulna", "Khulna", "খুলনা",
		d("bagerhat", "Bagerhat", "বাগেরহাট"), d("chuadanga", "Chuadanga", "চুয়াডাঙ্গা"), d("jashore", "Jashore", "যশোর"),
		d("jhenaidah", "Jhenaidah", "ঝিনাইদহ"), d("khulna", "Khulna", "খুলনা"), d("kushtia", "Kushtia", "কুষ্টিয়া"),
		d("magura", "Magura", "মাগুরা"), d("meherpur", "Meherpur", "মেহেরপুর"), d("narail", "Narail", "নড়াইল"),
		d("satkhira", "Satkhira", "সাতক্ষীরা")),
	div("mymensingh", "Mymensingh", "ময়মনসিংহ",
		d("jamalpur", "Jamalpur", "জামালপুর"), d("mymensingh", "Mymensingh", "ময়মনসিংহ"),
		d("netrokona", "Netrokona", "নেত্রকোণা"), d("sherpur", "Sherpur", "শেরপুর")),
	div("rajshahi", "Rajshahi", "রাজশাহী",
		d("bogura", "Bogura", "বগুড়া"), d("chapai-nawabganj", "Chapai Nawabganj", "চাঁপাইনবাবগঞ্জ"),
		d("joypurhat", "Joypurhat", "জয়পুরহাট"), d("naogaon", "Naogaon", "নওগাঁ"), d("natore", "Natore", "নাটোর"),
		d("pabna", "Pabna", "পাবনা"), d("rajshahi", "Rajshahi", "রাজশাহী"), d("sirajganj", "Sirajganj", "সিরাজগঞ্জ")),
	div("rangpur", "Rangpur", "রংপুর",
		d("dinajpur", "Dinajpur", "দিনাজপুর"), d("gaibandha", "Gaibandha", "গাইবান্ধা"), d("kurigram", "Kurigram", "কুড়িগ্রাম"),
		d("lalmonirhat", "Lalmonirhat", "লালমনিরহাট"), d("nilphamari", "Nilphamari", "নীলফামারী"),
		d("panchagarh", "Panchagarh", "পঞ্চগড়"), d("rangpur", "Rangpur", "রংপুর"), d("thakurgaon", "Thakurgaon", "ঠাকুরগাঁও")),
	div("sylhet", "Sylhet", "সিলেট",
		d("habiganj", "Habiganj", "হবিগঞ্জ"), d("moulvibazar", "Moulvibazar", "মৌলভীবাজার"),
		d("sunamganj", "Sunamganj", "সুনামগঞ্জ"), d("sylhet", "Sylhet", "সিলেট")),
}

// oldSpellings maps the pre-2018 spellings people still type to keys.
var oldSpellings = map[string]string{
	"barisal": "barishal", "chittagong": "chattogram", "comilla": "cumilla", "jessore": "jashore",
	"bogra": "bogura", "chapainawabganj": "chapai-nawabganj", "nawabganj": "chapai-nawabganj",
	"cox's bazar": "coxs-bazar", "coxsbazar": "coxs-bazar", "netrakona": "netrokona", "jhalakati": "jhalokati",
	"maulvibazar": "moulvibazar", "lakshmipur": "lakshmipur", "laxmipur": "lakshmipur",
}

func d(key, name, bn string) District { return District{Key: key, Name: name, NameBn: bn} }

func div(key, name, bn string, ds ...District) Division {
	for i := range ds {
		ds[i].Division = key
	}
	return Division{Key: key, Name: name, NameBn: bn, Districts: ds}
}

// Divisions returns the eight divisions with their districts.
func Divisions() []Division { return divisions }

// geoIndex finds divisions and districts by key, English or Bangla name,
// or an old spelling; built once, on first use.
var geoIndex = sync.OnceValues(func() (map[string]*Division, map[string]District) {
	divs, dists := map[string]*Division{}, map[string]District{}
	for i := range divisions {
		dv := &divisions[i]
		for _, k := range []string{dv.Key, fold(dv.Name), dv.NameBn} {
			divs[k] = dv
		}
		for _, ds := range dv.Districts {
			for _, k := range []string{ds.Key, fold(ds.Name), ds.NameBn} {
				dists[k] = ds
			}
		}
	}
	for old, key := range oldSpellings {
		if dv, ok := divs[key]; ok {
			divs[old] = dv
		}
		if ds, ok := dists[key]; ok {
			dists[old] = ds
		}
	}
	return divs, dists
})

// LookupDistrict finds a district by key, English or Bangla name, or an
// old spelling.
func LookupDistrict(s string) (District, bool) {
	_, dists := geoIndex()
	ds, ok := dists[fold(s)]
	return ds, ok
}

// LookupDivision finds a division like LookupDistrict.
func LookupDivision(s string) (*Division, bool) {
	divs, _ := geoIndex()
	dv, ok := divs[fold(s)]
	return dv, ok
}

// fold is the case- and space-insensitive form of a lookup key.
func fold(s string) string { return strings.ToLower(strings.Join(strings.Fields(s), " ")) }
