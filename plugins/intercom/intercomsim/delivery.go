package intercomsim

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"slices"
)

// Delivery is one POST of a notification to a webhook URL.
type Delivery struct {
	NotificationID string
	Topic          string
	URL            string
	Attempt        int         // delivery_attempts in the body
	Body           []byte      // exactly what was sent
	Header         http.Header // what was sent, X-Hub-Signature included
	Status         int         // the endpoint's answer; 0 when none came
	Err            error       // transport failure or timeout
}

// Deliver builds a new notification (see Webhook) and POSTs it to url.
func (s *Sim) Deliver(ctx context.Context, url, topic, id string) (Delivery, error) {
	s.mu.Lock()
	n, err := s.notificationFor(topic, id)
	if err != nil {
		s.mu.Unlock()
		return Delivery{}, err
	}
	n.attempts = 1
	body, header := s.signedWebhook(n)
	s.mu.Unlock()
	return s.post(ctx, url, n.id, topic, 1, body, header)
}

// Redeliver sends an earlier notification again: same id, same item, delivery_attempts one
// higher. Intercom resends when an endpoint does not answer 200 within 5 seconds, so
// duplicates are normal and must be dropped by notification id (FACTS §3.5).
func (s *Sim) Redeliver(ctx context.Context, url, notificationID string) (Delivery, error) {
	s.mu.Lock()
	n, ok := s.notifications[notificationID]
	if !ok {
		s.mu.Unlock()
		return Delivery{}, fmt.Errorf("intercomsim: no notification %q", notificationID)
	}
	n.attempts++
	attempt := n.attempts
	body, header := s.signedWebhook(n)
	s.mu.Unlock()
	return s.post(ctx, url, n.id, n.topic, attempt, body, header)
}

// post sends a signed notification and records the delivery. A failed delivery is returned
// with Err set and also as the error.
func (s *Sim) post(ctx context.Context, url, id, topic string, attempt int, body []byte, header http.Header) (Delivery, error) {
	d := Delivery{NotificationID: id, Topic: topic, URL: url, Attempt: attempt, Body: body, Header: header}
	d.Status, d.Err = s.send(ctx, http.MethodPost, url, body, header, nil)
	s.mu.Lock()
	s.deliveries = append(s.deliveries, d)
	s.mu.Unlock()
	s.logf("webhook %s (%s, attempt %d) to %s: status %d %s", id, topic, attempt, url, d.Status, errText(d.Err))
	return d, d.Err
}

// send makes one outbound request and returns the status; the response body is read into
// *respBody when it is not nil (capped at 1 MiB).
func (s *Sim) send(ctx context.Context, method, url string, body []byte, header http.Header, respBody *[]byte) (int, error) {
	req, err := http.NewRequestWithContext(ctx, method, url, bytes.NewReader(body))
	if err != nil {
		return 0, fmt.Errorf("intercomsim: build %s %s: %w", method, url, err)
	}
	for k, v := range header {
		req.Header[k] = slices.Clone(v)
	}
	resp, err := s.opts.HTTPClient.Do(req)
	if err != nil {
		return 0, fmt.Errorf("intercomsim: %s %s: %w", method, url, err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(io.LimitReader(resp.Body, 1<<20))
	if err != nil {
		return resp.StatusCode, fmt.Errorf("intercomsim: read answer of %s: %w", url, err)
	}
	if respBody != nil {
		*respBody = b
	}
	return resp.StatusCode, nil
}

// CheckURL sends the HEAD request Developer Hub uses to validate a webhook URL when it is
// saved (FACTS §3.1); an answer other than 2xx is an error.
func (s *Sim) CheckURL(ctx context.Context, url string) error {
	status, err := s.send(ctx, http.MethodHead, url, nil, http.Header{"User-Agent": {"intercom-parrot-service-client/1.0"}}, nil)
	if err != nil {
		return err
	}
	if status < 200 || status > 299 {
		return fmt.Errorf("intercomsim: HEAD %s answered %d; Developer Hub would refuse the URL", url, status)
	}
	return nil
}

// Deliveries returns every webhook delivery so far, automatic ones included.
func (s *Sim) Deliveries() []Delivery {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.deliveries)
}

// emitLocked delivers a conversation webhook in the background when Options.WebhookURL is
// set and the topic is subscribed. The payload is built now, from the state at the event.
// Intercom would retry a failed delivery once a minute later; the simulator only logs it
// (tests retry with Redeliver). Callers hold s.mu.
func (s *Sim) emitLocked(topic string, conv *conversation, trigger *part) {
	if s.opts.WebhookURL == "" || topic == "" {
		return
	}
	if s.opts.WebhookTopics != nil && !slices.Contains(s.opts.WebhookTopics, topic) {
		return
	}
	n := s.newConversationNotification(topic, conv, trigger)
	n.attempts = 1
	body, header := s.signedWebhook(n)
	s.pending.Add(1)
	go func() {
		defer s.pending.Done()
		_, _ = s.post(context.Background(), s.opts.WebhookURL, n.id, topic, 1, body, header)
	}()
}

func errText(err error) string {
	if err == nil {
		return ""
	}
	return "(" + err.Error() + ")"
}
