// Placeholder until this package is built; see the open issues.
export {}
