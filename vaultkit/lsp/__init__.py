"""`vaultkit lsp`: the language server, on the same live engine as `vaultkit watch`.

- `positions`: where a diagnostic or an edit is, as vaultkit counts (lines split at `\\n`, 1-based
  code-point columns, past a BOM) and as the editor does (0-based, in the position encoding agreed
  at `initialize`, lines split at `\\n`, `\\r\\n` and `\\r`).
- `answers`: what the server says of a note, worked out from the model and the check's
  diagnostics alone (hover, completion, definition, references, code actions): no rule of its own.
- `server`: the protocol (pygls 2), the editor's unsaved notes given to the engine as they are
  typed, the vault's other notes followed from disk, the background index with `$/progress`.

Only `server` imports pygls: the rest is read by the tests without the `lsp` extra.
"""
