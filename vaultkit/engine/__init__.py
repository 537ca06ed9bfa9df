"""The engine: from the files of a vault to its diagnostics, doing again only what a change reaches.

Every front end (check, report, people, watch, the language server) goes through it; none keeps
logic of its own. Read it top to bottom in this order:

- `workspace`: a vault on disk: its config, its files (the walk), its index, and `load` (the
  index brought up to date, then the model) and `lint` (the units run, those a change reaches);
- `live`: the same, kept in memory by a long-running process (the watcher, the language server):
  `Live.refresh(paths)` re-reads what changed and re-derives only what depends on it;
- `units`: the units of a check (each note's note rules, each person's person rules, the vault
  rules) and what each depends on;
- `facts`: what the model needs of each note, small enough to keep for every note;
- `store`: the index, the persistence of all of the above (SQLite), and nothing else;
- `first_run` and `forked`: a first check of a large vault in two processes, and the walk done
  in another process while the index is read.
"""
