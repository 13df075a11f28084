// Domain types shared by core, IPC contract, CLI and renderer. Pure data: every value here
// crosses the IPC boundary by structured clone, so no classes, no Dates, no functions.
// One folder, one file per part of the researcher's world; import from here.
export * from './catalogue'
export * from './search'
export * from './annotate'
export * from './compare'
export * from './documents'
export * from './exchange'
export * from './team'
export * from './geography'
