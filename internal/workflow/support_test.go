package workflow_test

import (
	"errors"

	"go.temporal.io/sdk/temporal"
	"go.temporal.io/sdk/workflow"

	vxwf "github.com/vextrus/vextrus/internal/workflow"
)

func workflowRegisterOptions() workflow.RegisterOptions {
	return workflow.RegisterOptions{Name: vxwf.ApprovalWorkflowName}
}

func asApp(err error, target **temporal.ApplicationError) bool { return errors.As(err, target) }
