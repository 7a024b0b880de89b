package httpx

// Page is the body of a REST list (DESIGN §11): the items of one page and
// the cursor of the next, null on the last page.
type Page[T any] struct {
	Items      []T     `json:"items"`
	NextCursor *string `json:"nextCursor"`
}

// PageOf converts items with conv into a Page whose nextCursor is next, or
// null when next is empty.
func PageOf[S, T any](items []S, conv func(S) T, next string) Page[T] {
	out := Page[T]{Items: make([]T, len(items))}
	for i, x := range items {
		out.Items[i] = conv(x)
	}
	if next != "" {
		out.NextCursor = &next
	}
	return out
}
