package hooks

import (
	validation "github.com/pocketbase/ozzo-validation/v4"
	"github.com/pocketbase/pocketbase/core"
)

// Validation error codes that todomate adds to PocketBase's own
// (validation_required, validation_not_unique, ...). Clients match on them.
const (
	codeInvalidDay      = "validation_invalid_day"
	codeInvalidEmoji    = "validation_invalid_emoji"
	codeInvalidMonth    = "validation_invalid_month"
	codeNotAuthor       = "validation_not_author"
	codeImmutable       = "validation_immutable"
	codeSelfFollow      = "validation_self_follow"
	codeOneLikeTarget   = "validation_one_like_target"
	codeMissingRelation = "validation_missing_rel_records" // PocketBase's own code, reused on purpose
	codeBodyTooLarge    = "validation_body_too_large"
	codePrivateRelation = "validation_private_relation"
	codeInvalidType     = "validation_invalid_type"
	codeInvalidBody     = "validation_invalid_body"
	codeMatchInvalid    = "validation_match_invalid" // PocketBase's own code, reused on purpose
	codeInvalidFile     = "validation_invalid_file"  // PocketBase's own code, reused on purpose
	codeLevelConflict   = "validation_visibility_conflict"
	codeBlocked         = "validation_blocked"
)

var (
	errInvalidDay      = validation.NewError(codeInvalidDay, "Must be a real calendar day written as YYYY-MM-DD.")
	errInvalidEmoji    = validation.NewError(codeInvalidEmoji, "Must be exactly one emoji.")
	errInvalidMonth    = validation.NewError(codeInvalidMonth, "Must be a month written as YYYY-MM.")
	errNotAuthor       = validation.NewError(codeNotAuthor, "Must be the authenticated user.")
	errImmutable       = validation.NewError(codeImmutable, "Cannot be changed.")
	errSelfFollow      = validation.NewError(codeSelfFollow, "You cannot follow yourself.")
	errOneLikeTarget   = validation.NewError(codeOneLikeTarget, "Set exactly one of todo and diary.")
	errMissingRelation = validation.NewError(codeMissingRelation, "Failed to find all relation records with the provided ids")
	errBodyTooLarge    = validation.NewError(codeBodyTooLarge, "The request body is larger than allowed.")
	errPrivateRelation = validation.NewError(codePrivateRelation, "Cannot go through a back-relation to records that only some users may see.")
	errNotText         = validation.NewError(codeInvalidType, "Must be text.")
	errNotBool         = validation.NewError(codeInvalidType, "Must be true or false.")
	errNotNumber       = validation.NewError(codeInvalidType, "Must be a number.")
	errNotSingleId     = validation.NewError(codeInvalidType, "Must be a single id.")
	errNotSingleValue  = validation.NewError(codeInvalidType, "Must be one of the values, as text.")
	errInvalidBody     = validation.NewError(codeInvalidBody, "Must be a JSON object.")
	errUserIdShape     = validation.NewError(codeMatchInvalid, "Must be 15 lowercase letters and digits.")
	errLevelConflict   = validation.NewError(codeLevelConflict, `Must agree with visibility: private is true exactly when visibility is "me".`)
	errSelfBlock       = validation.NewError(codeBlocked, "You cannot block yourself.")

	errMultipartIncomplete = validation.NewError(codeInvalidBody, "The multipart body is incomplete: it ends before its close delimiter.")
	errMultipartBoundary   = validation.NewError(codeInvalidBody, "A multipart body needs a Content-Type of multipart/form-data with a boundary.")
	errNotUTF8             = validation.NewError(codeInvalidType, "Must be valid UTF-8 text.")
	errNotFile             = validation.NewError(codeInvalidFile, "Must be an uploaded file with a file name, or the name of one of the record's files.")
)

// validateAlongside runs todomate's own checks of a record next to
// PocketBase's field validators (the rest of the OnRecordValidate chain), and
// answers with all the field errors of both at once, PocketBase's first where
// both speak of the same field.
func validateAlongside(e *core.RecordEvent, own validation.Errors) error {
	err := e.Next()
	if len(own) == 0 {
		return err
	}
	if err == nil {
		return own
	}

	theirs, ok := err.(validation.Errors)
	if !ok {
		return err
	}
	for field, fieldErr := range own {
		if _, taken := theirs[field]; !taken {
			theirs[field] = fieldErr
		}
	}

	return theirs
}
