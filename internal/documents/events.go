package documents

// EventReportReady is the documents service's one event (api/events/<type>.json):
// a job finished, either way. Its subject is the job's id; notify tells
// requestedBy.
const EventReportReady = "vextrus.documents.report.ready.v1"

// ReportReadyEvent is the payload of EventReportReady.
type ReportReadyEvent struct {
	JobID       string `json:"jobId"`
	Kind        string `json:"kind"`
	FileID      string `json:"fileId"`
	FileName    string `json:"fileName"`
	RequestedBy string `json:"requestedBy"`
	// Status is succeeded or failed.
	Status string `json:"status"`
	Error  string `json:"error,omitempty"`
}

func reportReady(j Job) ReportReadyEvent {
	e := ReportReadyEvent{JobID: j.ID.String(), Kind: j.Kind, FileName: j.FileName, RequestedBy: j.RequestedBy,
		Status: j.Status, Error: j.Error}
	if j.FileID != nil {
		e.FileID = j.FileID.String()
	}
	return e
}
