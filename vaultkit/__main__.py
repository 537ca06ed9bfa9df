from vaultkit.cli import entry

entry()
