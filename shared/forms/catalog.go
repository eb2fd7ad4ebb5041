package forms

import (
	"slices"
	"strings"
)

// Text is one piece of text in both languages.
type Text struct {
	ZH string
	EN string
}

// In returns the text in lang; anything but English gets Chinese.
func (t Text) In(lang Lang) string {
	if lang == EN {
		return t.EN
	}
	return t.ZH
}

// Option is one allowed value of an enum field, with its label.
type Option struct {
	Value string // as sent in JSON, kebab-case
	Label Text
}

// Field describes one field of a form for people: what it is called, how to fill
// it in and, for enums, which values it takes. Messages name fields by these labels
// and the HTML pages render from them, so the API and the pages say the same.
type Field struct {
	// Path is the field's JSON path, e.g. "contact.mobile". A section (an object
	// such as "company") has an entry too; the items of a list share the list's.
	Path    string
	Label   Text
	Hint    Text     // may be empty
	Options []Option // the values of an enum or of a list's items; nil otherwise
}

// Option returns the option with the given value.
func (f Field) Option(value string) (Option, bool) {
	for _, o := range f.Options {
		if o.Value == value {
			return o, true
		}
	}
	return Option{}, false
}

// Fields returns the fields of a form in the order the form asks them, sections
// before their fields. The slice is the caller's; it is nil for an unknown kind.
func Fields(kind Kind) []Field {
	switch kind {
	case KindConsultation:
		return slices.Concat(firmFields, incidentFields)
	case KindTraining:
		return slices.Concat(firmFields, trainingFields)
	}
	return nil
}

// Lookup returns the field at a JSON path. List indexes are ignored, so
// "training.preferredDates[1]" finds "training.preferredDates".
func Lookup(path string) (Field, bool) {
	if strings.IndexByte(path, '[') >= 0 {
		path = stripIndexes(path)
	}
	for _, fields := range [][]Field{firmFields, incidentFields, trainingFields} {
		for _, f := range fields {
			if f.Path == path {
				return f, true
			}
		}
	}
	return Field{}, false
}

// stripIndexes removes every "[n]" from a JSON path; a path with an unclosed
// bracket is returned as it is, to match nothing.
func stripIndexes(path string) string {
	whole := path
	var b strings.Builder
	for {
		open := strings.IndexByte(path, '[')
		if open < 0 {
			b.WriteString(path)
			return b.String()
		}
		b.WriteString(path[:open])
		end := strings.IndexByte(path[open:], ']')
		if end < 0 {
			return whole
		}
		path = path[open+end+1:]
	}
}

var firmFields = []Field{
	{Path: "company", Label: Text{"企业信息", "Company"}},
	{Path: "company.name", Label: Text{"企业名称", "Company name"},
		Hint: Text{"与营业执照一致的全称", "Full name as on the business licence"}},
	{Path: "company.creditCode", Label: Text{"统一社会信用代码", "Unified social credit code"},
		Hint: Text{"18 位统一社会信用代码，如 91310107MA1G8K3Q33", "18-character unified social credit code, e.g. 91310107MA1G8K3Q33"}},
	{Path: "company.industry", Label: Text{"所属行业", "Industry"}, Options: industryOptions},

	{Path: "contact", Label: Text{"联系人", "Contact person"}},
	{Path: "contact.name", Label: Text{"联系人姓名", "Contact name"}},
	{Path: "contact.title", Label: Text{"职务", "Job title"},
		Hint: Text{"如 法务总监", "e.g. Head of Legal"}},
	{Path: "contact.mobile", Label: Text{"手机号码", "Mobile number"},
		Hint: Text{"中国大陆 11 位手机号码，如 13812345678；手机与座机至少填写一项", "11-digit mainland China mobile number, e.g. 13812345678; give a mobile or a landline number or both"}},
	{Path: "contact.landline", Label: Text{"座机号码", "Landline number"},
		Hint: Text{"区号-号码，可加分机号，如 021-12345678-801", "Area code and number, optionally an extension, e.g. 021-12345678-801"}},
	{Path: "contact.email", Label: Text{"电子邮箱", "E-mail address"},
		Hint: Text{"如 legal@example.com", "e.g. legal@example.com"}},

	{Path: "language", Label: Text{"首选语言", "Preferred language"},
		Hint: Text{"我们答复时使用的语言", "The language we answer in"}, Options: languageOptions},

	{Path: "consent", Label: Text{"个人信息处理同意", "Consent to personal information processing"}},
	{Path: "consent.accepted", Label: Text{"同意处理个人信息", "Consent to personal information processing"},
		Hint: Text{"依据《个人信息保护法》，我们需要您明确同意后才能处理本表中的个人信息", "Under China's Personal Information Protection Law we need your explicit consent before we process the personal information in this form"}},
	{Path: "consent.version", Label: Text{"同意书版本", "Consent wording version"},
		Hint: Text{"您所同意的告知文本的版本号，为已公布的版本之一", "Version of the notice you agreed to, one of those published"}},
}

var incidentFields = []Field{
	{Path: "incident", Label: Text{"事件情况", "Incident"}},
	{Path: "incident.role", Label: Text{"企业在事件中的身份", "Your firm's role"}, Options: roleOptions},
	{Path: "incident.category", Label: Text{"事件类别", "Category"}, Options: categoryOptions},
	{Path: "incident.occurredOn", Label: Text{"发生日期", "Date it happened"},
		Hint: Text{"格式 YYYY-MM-DD，如 2026-11-01；不能晚于今天", "Format YYYY-MM-DD, e.g. 2026-11-01; not after today"}},
	{Path: "incident.discoveredOn", Label: Text{"发现日期", "Date it was discovered"},
		Hint: Text{"格式 YYYY-MM-DD；不能早于发生日期，不能晚于今天", "Format YYYY-MM-DD; not before the date it happened, not after today"}},
	{Path: "incident.title", Label: Text{"事件标题", "Short title"},
		Hint: Text{"一句话概括，100 字以内", "One line, at most 100 characters"}},
	{Path: "incident.description", Label: Text{"事件经过", "What happened"},
		Hint: Text{"经过、涉及人员和目前情况，5000 字以内", "What happened, who is involved and where things stand, at most 5000 characters"}},
	{Path: "incident.reportedToPolice", Label: Text{"是否已报警", "Reported to the police"}},
	{Path: "incident.policeCaseNumber", Label: Text{"报案回执编号", "Police case number"},
		Hint: Text{"已报警时必填，见受案回执", "Required if reported; see the police receipt"}},
	{Path: "incident.measures", Label: Text{"已采取的强制措施", "Coercive measures already taken"},
		Hint: Text{"可多选；没有时选“无”", "Choose all that apply, or \"None\""}, Options: measureOptions},
	{Path: "incident.operationsImpact", Label: Text{"对经营的影响", "Impact on operations"}, Options: impactOptions},
	{Path: "incident.estimatedLossCny", Label: Text{"估计损失（元）", "Estimated loss (CNY)"},
		Hint: Text{"整数，单位元；没有或尚不清楚时填 0", "Whole yuan; 0 if none or not yet known"}},
	{Path: "incident.urgency", Label: Text{"紧急程度", "Urgency"}, Options: urgencyOptions},
	{Path: "incident.urgencyReason", Label: Text{"紧急原因", "Why it is urgent"},
		Hint: Text{"选择“紧急”时必填，如 员工已被羁押、业务已停滞", "Required if urgent, e.g. staff detained, operations stopped"}},
	{Path: "incident.questions", Label: Text{"希望咨询的问题", "Your questions"},
		Hint: Text{"希望机关解答的问题，2000 字以内", "What you would like the agency to answer, at most 2000 characters"}},
}

var trainingFields = []Field{
	{Path: "training", Label: Text{"培训需求", "Training"}},
	{Path: "training.topics", Label: Text{"培训主题", "Topics"},
		Hint: Text{"可多选", "Choose one or more"}, Options: topicOptions},
	{Path: "training.primaryTopic", Label: Text{"主要主题", "Main topic"},
		Hint: Text{"从已选主题中选一个，决定由哪个机关承办", "One of the chosen topics; it decides which agency runs the training"}, Options: topicOptions},
	{Path: "training.format", Label: Text{"培训形式", "Format"}, Options: formatOptions},
	{Path: "training.address", Label: Text{"培训地址", "Training address"},
		Hint: Text{"到企业授课时必填", "Required for training at your premises"}},
	{Path: "training.preferredDates", Label: Text{"期望日期", "Preferred dates"},
		Hint: Text{"1 至 3 个日期，格式 YYYY-MM-DD，须在 7 至 180 天之后", "One to three dates, format YYYY-MM-DD, 7 to 180 days from today"}},
	{Path: "training.attendees", Label: Text{"参加人数", "Number of attendees"},
		Hint: Text{"1 至 500 人", "1 to 500"}},
	{Path: "training.audience", Label: Text{"参加对象", "Audience"},
		Hint: Text{"可多选", "Choose one or more"}, Options: audienceOptions},
	{Path: "training.notes", Label: Text{"备注", "Notes"},
		Hint: Text{"其他要求，2000 字以内", "Anything else, at most 2000 characters"}},
}

var (
	industryOptions = []Option{
		{"e-commerce", Text{"电子商务", "E-commerce"}},
		{"fintech", Text{"金融科技", "Fintech"}},
		{"gaming", Text{"网络游戏", "Gaming"}},
		{"mobility", Text{"出行服务", "Mobility"}},
		{"social-content", Text{"社交与内容", "Social media and content"}},
		{"software-cloud", Text{"软件与云服务", "Software and cloud"}},
		{"other", Text{"其他", "Other"}},
	}
	languageOptions = []Option{
		{"zh-CN", Text{"简体中文", "Chinese (Simplified)"}},
		{"en", Text{"英文", "English"}},
	}
	roleOptions = []Option{
		{"victim", Text{"受害方", "Victim"}},
		{"employee-involved", Text{"本企业员工涉案", "An employee is involved"}},
		{"under-investigation", Text{"企业被调查", "The firm is under investigation"}},
		{"witness", Text{"证人或知情方", "Witness"}},
		{"other", Text{"其他", "Other"}},
	}
	categoryOptions = []Option{
		{"employee-misconduct", Text{"员工职务违法犯罪（职务侵占、商业贿赂等）", "Employee misconduct (embezzlement, commercial bribery, ...)"}},
		{"data-leak", Text{"数据泄露或侵犯个人信息", "Data leak or personal-information infringement"}},
		{"intrusion", Text{"网络入侵或攻击", "Intrusion or cyber-attack"}},
		{"online-fraud", Text{"网络诈骗或黑灰产", "Online fraud or black/grey-market chain"}},
		{"ip-infringement", Text{"知识产权或商业秘密侵权", "IP or trade-secret infringement"}},
		{"illegal-fundraising", Text{"非法集资", "Illegal fund-raising"}},
		{"other", Text{"其他", "Other"}},
	}
	measureOptions = []Option{
		{"detention", Text{"拘留", "Detention"}},
		{"arrest", Text{"逮捕", "Arrest"}},
		{"asset-freeze", Text{"查封、扣押、冻结财产", "Assets seized or frozen"}},
		{"none", Text{"无", "None"}},
	}
	impactOptions = []Option{
		{"none", Text{"无影响", "None"}},
		{"minor", Text{"影响较小", "Minor"}},
		{"severe", Text{"影响严重（如业务停滞）", "Severe (e.g. operations stopped)"}},
	}
	urgencyOptions = []Option{
		{"normal", Text{"一般", "Normal"}},
		{"urgent", Text{"紧急", "Urgent"}},
	}
	topicOptions = []Option{
		{"criminal-compliance", Text{"刑事合规", "Criminal compliance"}},
		{"anti-corruption", Text{"反腐败与内部调查", "Anti-corruption and internal investigations"}},
		{"data-protection", Text{"数据与个人信息保护", "Data and personal-information protection"}},
		{"cybersecurity", Text{"网络安全", "Cybersecurity"}},
		{"anti-fraud", Text{"反诈骗", "Anti-fraud"}},
		{"ip-protection", Text{"知识产权保护", "IP protection"}},
		{"industry-self-regulation", Text{"行业自律", "Industry self-regulation"}},
	}
	formatOptions = []Option{
		{"onsite", Text{"到企业授课", "At our premises"}},
		{"at-agency", Text{"在机关举办", "At the agency"}},
		{"online", Text{"线上", "Online"}},
	}
	audienceOptions = []Option{
		{"executives", Text{"高级管理人员", "Executives"}},
		{"legal-compliance", Text{"法务合规人员", "Legal and compliance staff"}},
		{"hr", Text{"人力资源人员", "HR staff"}},
		{"engineering", Text{"技术研发人员", "Engineers"}},
		{"all-staff", Text{"全体员工", "All staff"}},
	}
)
