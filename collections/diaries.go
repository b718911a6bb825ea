package collections

// Diaries holds one entry per user per day: an emoji, a few words, photos.
const Diaries = "diaries"

const (
	DiariesFieldContent = "content"
	DiariesFieldPhotos  = "photos"
)
