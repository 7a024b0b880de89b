package app

// DevAppPassword lets the tests of package app_test call devAppPassword.
var DevAppPassword = devAppPassword
