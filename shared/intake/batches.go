package intake

import (
	"context"
	"time"
)

// InBatches runs one batch of scheduled work after another (the re-dispatch,
// retention), each of up to size items, until a batch comes back short or less
// than spare is left before ctx's deadline, and returns how many items were done
// in all. A failed batch stops the run with its error; the next scheduled run
// goes on where this one stopped.
func InBatches(ctx context.Context, size int, spare time.Duration, batch func(ctx context.Context, size int) (int, error)) (total int, err error) {
	for {
		n, err := batch(ctx, size)
		total += n
		if err != nil {
			return total, err
		}
		deadline, ok := ctx.Deadline()
		if n < size || (ok && time.Until(deadline) < spare) {
			return total, nil
		}
	}
}
