// Small shared types of the export and exchange modules.
export type { TextTargetRef } from '../../../shared/domain'

/** REFI-QDA's variable types, as stored in case_attributes.value_type. */
export type ValueType = 'Text' | 'Boolean' | 'Integer' | 'Float' | 'Date' | 'DateTime'

export type CsvDelimiter = ';' | ','
