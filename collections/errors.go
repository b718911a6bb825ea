package collections

import validation "github.com/pocketbase/ozzo-validation/v4"

// Validation error codes that todomate adds to PocketBase's own
// (validation_required, validation_not_unique, ...). Clients match on them.
const (
	CodeInvalidDay      = "validation_invalid_day"
	CodeInvalidEmoji    = "validation_invalid_emoji"
	CodeInvalidMonth    = "validation_invalid_month"
	CodeNotAuthor       = "validation_not_author"
	CodeImmutable       = "validation_immutable"
	CodeSelfFollow      = "validation_self_follow"
	CodeOneLikeTarget   = "validation_one_like_target"
	CodeMissingRelation = "validation_missing_rel_records" // PocketBase's own code, reused on purpose
	CodeBodyTooLarge    = "validation_body_too_large"
	CodePrivateRelation = "validation_private_relation"
	CodeInvalidType     = "validation_invalid_type"
	CodeInvalidBody     = "validation_invalid_body"
	CodeMatchInvalid    = "validation_match_invalid"  // PocketBase's own code, reused on purpose
	CodeInvalidFile     = "validation_invalid_file"   // PocketBase's own code, reused on purpose
	CodeTooManyFiles    = "validation_too_many_files" // PocketBase's own code, reused on purpose
	CodeLevelConflict   = "validation_visibility_conflict"
	CodeBlocked         = "validation_blocked"
	CodeNotUnique       = "validation_not_unique"      // PocketBase's own code, reused on purpose
	CodeValuesMismatch  = "validation_values_mismatch" // PocketBase's own code, reused on purpose
	CodeEndBeforeStart  = "validation_end_before_start"
	CodeRangeTooLong    = "validation_range_too_long"
	CodeNotRoutine      = "validation_not_routine"
	CodeNoRoutineDays   = "validation_no_routine_days"
	CodeSetByServer     = "validation_set_by_server"
	CodeInvalidTime     = "validation_invalid_time"
	CodeGoalEnded       = "validation_goal_ended"
)

var (
	ErrInvalidDay      = validation.NewError(CodeInvalidDay, "Must be a real calendar day written as YYYY-MM-DD.")
	ErrInvalidEmoji    = validation.NewError(CodeInvalidEmoji, "Must be exactly one emoji.")
	ErrInvalidMonth    = validation.NewError(CodeInvalidMonth, "Must be a month written as YYYY-MM.")
	ErrNotAuthor       = validation.NewError(CodeNotAuthor, "Must be the authenticated user.")
	ErrImmutable       = validation.NewError(CodeImmutable, "Cannot be changed.")
	ErrSelfFollow      = validation.NewError(CodeSelfFollow, "You cannot follow yourself.")
	ErrOneLikeTarget   = validation.NewError(CodeOneLikeTarget, "Set exactly one of todo and diary.")
	ErrMissingRelation = validation.NewError(CodeMissingRelation, "Failed to find all relation records with the provided ids")
	ErrBodyTooLarge    = validation.NewError(CodeBodyTooLarge, "The request body is larger than allowed.")
	ErrPrivateRelation = validation.NewError(CodePrivateRelation, "Cannot go through a back-relation to records that only some users may see.")
	ErrNotText         = validation.NewError(CodeInvalidType, "Must be text.")
	ErrNotBool         = validation.NewError(CodeInvalidType, "Must be true or false.")
	ErrNotNumber       = validation.NewError(CodeInvalidType, "Must be a number.")
	ErrNotSingleId     = validation.NewError(CodeInvalidType, "Must be a single id.")
	ErrNotSingleValue  = validation.NewError(CodeInvalidType, "Must be one of the values, as text.")
	ErrInvalidBody     = validation.NewError(CodeInvalidBody, "Must be a JSON object.")
	ErrUserIdShape     = validation.NewError(CodeMatchInvalid, "Must be 15 lowercase letters and digits.")
	ErrLevelConflict   = validation.NewError(CodeLevelConflict, `Must agree with visibility: private is true exactly when visibility is "me".`)
	ErrSelfBlock       = validation.NewError(CodeBlocked, "You cannot block yourself.")
	ErrNotUnique       = validation.NewError(CodeNotUnique, "Value must be unique.")
	ErrValuesMismatch  = validation.NewError(CodeValuesMismatch, "Values don't match.")
	ErrEndBeforeStart  = validation.NewError(CodeEndBeforeStart, "Must be on or after the start.")
	ErrRangeTooLong    = validation.NewError(CodeRangeTooLong, "Must be at most a year after the start.")
	ErrNotRoutine      = validation.NewError(CodeNotRoutine, "This todo is not a day of a routine.")
	ErrNoRoutineDays   = validation.NewError(CodeNoRoutineDays, "No day between the start and the end falls on a chosen weekday.")
	ErrSetByServer     = validation.NewError(CodeSetByServer, "Set by the server: a routine writes its own days.")
	ErrInvalidTime     = validation.NewError(CodeInvalidTime, "Must be a time of day written as HH:MM, from 00:00 to 23:59.")
	ErrGoalEnded       = validation.NewError(CodeGoalEnded, "This goal has ended: it takes no new todos.")

	ErrMultipartIncomplete = validation.NewError(CodeInvalidBody, "The multipart body is incomplete: it ends before its close delimiter.")
	ErrMultipartBoundary   = validation.NewError(CodeInvalidBody, "A multipart body needs a Content-Type of multipart/form-data with a boundary.")
	ErrNotUTF8             = validation.NewError(CodeInvalidType, "Must be valid UTF-8 text.")
	ErrNotFile             = validation.NewError(CodeInvalidFile, "Must be an uploaded file with a file name, or the name of one of the record's files.")
	ErrTooManyFiles        = validation.NewError(CodeTooManyFiles, "Must be a single file: this field holds one.")
)
