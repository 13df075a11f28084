// Element ids the reader's parts refer to across components (aria-describedby, aria-controls).
export const KEYS_HINT_ID = 'reader-keys-hint'
export const TOOLTIP_ID = 'reader-tooltip'
