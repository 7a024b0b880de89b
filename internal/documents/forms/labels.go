package forms

// labels63 are the printed words of a Mushak-6.3 in one language. The
// Bangla ones follow the NBR form; the English ones its usual translation.
type labels63 struct {
	government, board, title, rule, form  string
	seller, sellerBIN, issueAddress       string
	buyer, buyerBIN, buyerAddress         string
	destination, vehicle                  string
	number, date, time                    string
	columns                               [10]string
	total, inWords                        string
	signName, signDesignation, sign, seal string
	withholdingNote, page                 string
	exempt, zeroRated, specific           string
}

var labels = map[Lang]labels63{
	Bangla: {
		government:   "গণপ্রজাতন্ত্রী বাংলাদেশ সরকার",
		board:        "জাতীয় রাজস্ব বোর্ড",
		title:        "কর চালানপত্র",
		rule:         "[বিধি ৪০ এর উপ-বিধি (১) এর দফা (গ) ও দফা (চ) দ্রষ্টব্য]",
		form:         "মূসক-৬.৩",
		seller:       "নিবন্ধিত ব্যক্তির নাম:",
		sellerBIN:    "নিবন্ধিত ব্যক্তির বিআইএন:",
		issueAddress: "চালানপত্র ইস্যুর ঠিকানা:",
		buyer:        "ক্রেতার নাম:",
		buyerBIN:     "ক্রেতার বিআইএন:",
		buyerAddress: "ক্রেতার ঠিকানা:",
		destination:  "সরবরাহের গন্তব্যস্থল:",
		vehicle:      "যানবাহনের প্রকৃতি ও নম্বর:",
		number:       "চালানপত্র নম্বর:",
		date:         "ইস্যুর তারিখ:",
		time:         "ইস্যুর সময়:",
		columns: [10]string{
			"ক্রমিক নং", "পণ্য বা সেবার বর্ণনা", "পরিমাণ", "একক", "একক মূল্য (টাকায়)",
			"মোট মূল্য (টাকায়)", "সম্পূরক শুল্ক (টাকায়)", "মূল্য সংযোজন করের হার",
			"মূল্য সংযোজন কর (টাকায়)", "সকল প্রকার শুল্ক ও করসহ মূল্য (টাকায়)",
		},
		total:           "সর্বমোট",
		inWords:         "কথায়:",
		signName:        "প্রতিষ্ঠান কর্তৃপক্ষের দায়িত্বপ্রাপ্ত ব্যক্তির নাম:",
		signDesignation: "পদবি:",
		sign:            "স্বাক্ষর:",
		seal:            "সিল",
		withholdingNote: "* উৎসে কর কর্তনযোগ্য সরবরাহের ক্ষেত্রে ফরমটি সমন্বিত কর চালানপত্র ও উৎসে কর কর্তন সনদপত্র হিসেবে বিবেচিত হইবে।",
		page:            "পৃষ্ঠা",
		exempt:          "অব্যাহতিপ্রাপ্ত",
		zeroRated:       "শূন্য হার",
		specific:        "সুনির্দিষ্ট কর",
	},
	English: {
		government:   "Government of the People's Republic of Bangladesh",
		board:        "National Board of Revenue",
		title:        "Tax Invoice",
		rule:         "[See clauses (c) and (f) of sub-rule (1) of rule 40]",
		form:         "Mushak-6.3",
		seller:       "Name of registered person:",
		sellerBIN:    "BIN of registered person:",
		issueAddress: "Address of issue:",
		buyer:        "Name of purchaser:",
		buyerBIN:     "BIN of purchaser:",
		buyerAddress: "Address of purchaser:",
		destination:  "Destination of supply:",
		vehicle:      "Vehicle type and number:",
		number:       "Invoice number:",
		date:         "Date of issue:",
		time:         "Time of issue:",
		columns: [10]string{
			"Sl.", "Description of goods or services", "Quantity", "Unit", "Unit price (Tk)",
			"Value (Tk)", "SD (Tk)", "VAT rate", "VAT (Tk)",
			"Total including all duties and taxes (Tk)",
		},
		total:           "Total",
		inWords:         "In words:",
		signName:        "Name of the authorised person:",
		signDesignation: "Designation:",
		sign:            "Signature:",
		seal:            "Seal",
		withholdingNote: "* For a supply subject to VAT deduction at source, this form serves as the combined tax invoice and certificate of deduction at source.",
		page:            "Page",
		exempt:          "Exempt",
		zeroRated:       "Zero-rated",
		specific:        "Specific",
	},
}

// vatRate prints a rate as given, in the document's digits, with the
// named rates translated.
func (l labels63) vatRate(lang Lang, rate string) string {
	switch rate {
	case "exempt":
		return l.exempt
	case "zero-rated":
		return l.zeroRated
	case "specific":
		return l.specific
	}
	return digits(lang, rate)
}
