"""The audit log (docs/security.md): `audit.log.record` writes an entry, `audit.views` reads them."""
