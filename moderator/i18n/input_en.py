"""English words of the command line's checks on what it reads and writes (issue 12)."""

MESSAGES: dict[str, str] = {
    "input_is_folder": "{path} is a folder, not a file",
    "input_duplicate_column": "{path}: the header row has the column «{column}» twice",
    "row_duplicate_field": "the field «{column}» appears twice",
    "row_not_unicode": "the field «{column}» is not valid Unicode (a lone surrogate)",
    "row_too_deep": "nested deeper than {limit} levels",
    "row_number_too_long": "a number with more than {limit} digits",
    "row_not_a_number": "{value} is not a JSON number",
    "input_data_not_folder": "{path} is not a folder: --data names the folder that holds the sessions",
    "input_skipped_other": "skipped {name}: not a meeting session",
    "input_skipped_damaged": "skipped {name}: a damaged session ({detail})",
    "input_run_damaged": "The unfinished session {name} is damaged ({detail}); the file was left untouched. To open a new meeting anyway: moderator run --session new",
    "input_run_damaged_ask": "The unfinished session {name} is damaged ({detail}); the file was left untouched. Open a new meeting? [y/N]",
    "output_no_folder": "{path}: the folder {folder} does not exist",
    "output_is_the_session": "{path} is the session being exported: an export never replaces it",
    "output_in_data_dir": "{path} is in the data folder, where it would be taken for a session: write the export elsewhere",
    "output_is_link": "{path} is a symbolic link: give the file itself or another name",
    "output_is_special": "{path} is not an ordinary file (a device, a pipe or a socket): an export never replaces it",
    "output_is_a_session": "{path} is a session file: an export never replaces it",
    "output_exists": "{path} already exists: add --force to replace it",
    "output_failed": "Could not write {path} ({reason}); nothing was written",
}
