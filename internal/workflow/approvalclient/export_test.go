package approvalclient

// Sweeping exposes sweeping to the external tests.
var Sweeping = sweeping
