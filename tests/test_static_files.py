"""Static files are collected (as in production) with Brotli and gzip copies, which WhiteNoise
serves to browsers that ask for them: a slow district link downloads a fraction of the bytes."""

import brotli
import pytest
from django.core.management import call_command

PRODUCTION_STATIC = "whitenoise.storage.CompressedManifestStaticFilesStorage"


@pytest.mark.slow
def test_collectstatic_writes_brotli_copies(settings, tmp_path):
    settings.STATIC_ROOT = tmp_path
    settings.STORAGES = {**settings.STORAGES, "staticfiles": {"BACKEND": PRODUCTION_STATIC}}
    call_command("collectstatic", interactive=False, verbosity=0)
    [css] = [p for p in (tmp_path / "css").glob("portal.*.css")]
    compressed = css.with_name(css.name + ".br")
    assert brotli.decompress(compressed.read_bytes()) == css.read_bytes()
    assert len(compressed.read_bytes()) < len(css.read_bytes()) / 2
    assert list((tmp_path / "vendor" / "bootstrap").glob("bootstrap.min.*.css.br"))
