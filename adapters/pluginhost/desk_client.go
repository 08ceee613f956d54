package pluginhost

import (
	"context"
	"errors"
	"fmt"
	"time"

	"google.golang.org/grpc"
	"google.golang.org/grpc/codes"
	"google.golang.org/grpc/status"

	"github.com/sigsentry/hub/plugins/sdk/deskv1"
)

// deskClient is the deskv1.DeskClient that Host.Desk hands out. Each call
// goes to the plugin's current process, fails fast while there is none,
// carries a deadline, and turns "the plugin went away" into ErrUnavailable.
type deskClient struct {
	s *supervisor
}

var _ deskv1.DeskClient = (*deskClient)(nil)

// invoke runs one call on the current process. timeout applies when the
// caller's context allows longer.
func invoke[T any](ctx context.Context, s *supervisor, timeout time.Duration, call string,
	f func(context.Context, deskv1.DeskClient) (T, error)) (T, error) {
	var zero T
	inst, err := s.current()
	if err != nil {
		return zero, err
	}
	callCtx, cancel := context.WithTimeout(ctx, timeout)
	defer cancel()
	resp, err := f(callCtx, inst.desk)
	if err == nil {
		return resp, nil
	}
	return zero, s.callError(ctx, call, timeout, err)
}

// callError classifies a failed call. Desk failures come back as data
// (DeskError), so a gRPC error means the plugin is broken, gone or slow.
func (s *supervisor) callError(ctx context.Context, call string, timeout time.Duration, err error) error {
	id := s.cand.Manifest.ID
	if ctx.Err() != nil {
		// The caller gave up (client went away, shutdown): not the plugin's fault.
		return fmt.Errorf("%s %s: %w", id, call, errors.Join(ctx.Err(), err))
	}
	switch status.Code(err) {
	case codes.DeadlineExceeded:
		s.log.Warn("desk plugin call timed out", "call", call, "timeout", timeout)
		return unavailable(err, id, "did not answer %s within %s; retry later", call, timeout)
	case codes.Unavailable, codes.Canceled:
		// The connection broke: the process died or is being stopped. The
		// supervisor notices the exit and restarts it.
		return unavailable(err, id, "stopped while handling %s; retry later", call)
	default:
		// Unimplemented (an older plugin), Internal (a bug): retrying the
		// same call will not help.
		return fmt.Errorf("%s %s: %w", id, call, err)
	}
}

func (c *deskClient) quick() time.Duration { return c.s.opts.CallTimeout }
func (c *deskClient) slow() time.Duration  { return c.s.opts.SlowCallTimeout }

func (c *deskClient) GetMetadata(ctx context.Context, in *deskv1.GetMetadataRequest, opts ...grpc.CallOption) (*deskv1.Metadata, error) {
	return invoke(ctx, c.s, c.quick(), "GetMetadata", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.Metadata, error) {
		return d.GetMetadata(ctx, in, opts...)
	})
}

func (c *deskClient) Configure(ctx context.Context, in *deskv1.ConfigureRequest, opts ...grpc.CallOption) (*deskv1.ConfigureResponse, error) {
	return invoke(ctx, c.s, c.quick(), "Configure", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.ConfigureResponse, error) {
		return d.Configure(ctx, in, opts...)
	})
}

func (c *deskClient) OAuthConfig(ctx context.Context, in *deskv1.OAuthConfigRequest, opts ...grpc.CallOption) (*deskv1.OAuthConfigResponse, error) {
	return invoke(ctx, c.s, c.quick(), "OAuthConfig", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.OAuthConfigResponse, error) {
		return d.OAuthConfig(ctx, in, opts...)
	})
}

func (c *deskClient) CompleteInstall(ctx context.Context, in *deskv1.CompleteInstallRequest, opts ...grpc.CallOption) (*deskv1.CompleteInstallResponse, error) {
	return invoke(ctx, c.s, c.slow(), "CompleteInstall", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.CompleteInstallResponse, error) {
		return d.CompleteInstall(ctx, in, opts...)
	})
}

func (c *deskClient) HandleWebhook(ctx context.Context, in *deskv1.HandleWebhookRequest, opts ...grpc.CallOption) (*deskv1.HandleWebhookResponse, error) {
	return invoke(ctx, c.s, c.quick(), "HandleWebhook", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.HandleWebhookResponse, error) {
		return d.HandleWebhook(ctx, in, opts...)
	})
}

func (c *deskClient) ParseCanvas(ctx context.Context, in *deskv1.ParseCanvasRequest, opts ...grpc.CallOption) (*deskv1.ParseCanvasResponse, error) {
	return invoke(ctx, c.s, c.quick(), "ParseCanvas", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.ParseCanvasResponse, error) {
		return d.ParseCanvas(ctx, in, opts...)
	})
}

func (c *deskClient) RenderCanvas(ctx context.Context, in *deskv1.RenderCanvasRequest, opts ...grpc.CallOption) (*deskv1.RenderCanvasResponse, error) {
	return invoke(ctx, c.s, c.quick(), "RenderCanvas", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.RenderCanvasResponse, error) {
		return d.RenderCanvas(ctx, in, opts...)
	})
}

func (c *deskClient) Post(ctx context.Context, in *deskv1.PostRequest, opts ...grpc.CallOption) (*deskv1.PostResponse, error) {
	return invoke(ctx, c.s, c.slow(), "Post", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.PostResponse, error) {
		return d.Post(ctx, in, opts...)
	})
}

func (c *deskClient) SetAttributes(ctx context.Context, in *deskv1.SetAttributesRequest, opts ...grpc.CallOption) (*deskv1.SetAttributesResponse, error) {
	return invoke(ctx, c.s, c.slow(), "SetAttributes", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.SetAttributesResponse, error) {
		return d.SetAttributes(ctx, in, opts...)
	})
}

func (c *deskClient) Disconnect(ctx context.Context, in *deskv1.DisconnectRequest, opts ...grpc.CallOption) (*deskv1.DisconnectResponse, error) {
	return invoke(ctx, c.s, c.slow(), "Disconnect", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.DisconnectResponse, error) {
		return d.Disconnect(ctx, in, opts...)
	})
}

func (c *deskClient) CheckHealth(ctx context.Context, in *deskv1.CheckHealthRequest, opts ...grpc.CallOption) (*deskv1.CheckHealthResponse, error) {
	return invoke(ctx, c.s, c.quick(), "CheckHealth", func(ctx context.Context, d deskv1.DeskClient) (*deskv1.CheckHealthResponse, error) {
		return d.CheckHealth(ctx, in, opts...)
	})
}
