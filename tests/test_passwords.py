"""Passwords: Argon2 for new hashes; the PBKDF2 hashes stored before it are upgraded at login."""

import pytest
from django.conf import settings as project
from django.contrib.auth.hashers import make_password
from django.urls import reverse

from childprog import settings as production

PASSWORD = "Mat-khau-Cao-Bang-2026"


@pytest.fixture
def real_hashers(settings):
    # The suite hashes with MD5 for speed; these tests need the hashers production uses.
    settings.PASSWORD_HASHERS = production.PASSWORD_HASHERS


def test_a_new_password_is_hashed_with_argon2(real_hashers, django_user_model):
    user = django_user_model.objects.create_user(username="moi", password=PASSWORD)
    assert project.PASSWORD_HASHERS[0].endswith("Argon2PasswordHasher")
    assert user.password.startswith("argon2$")


def test_an_old_pbkdf2_hash_still_logs_in_and_is_upgraded_to_argon2(real_hashers, django_user_model, client):
    user = django_user_model.objects.create(
        username="cu", password=make_password(PASSWORD, hasher="pbkdf2_sha256")
    )
    assert user.password.startswith("pbkdf2_sha256$")
    response = client.post(reverse("login"), {"username": "cu", "password": PASSWORD})
    assert response.status_code == 302
    user.refresh_from_db()
    assert user.password.startswith("argon2$")
    assert client.post(reverse("logout")).status_code == 302
    assert client.post(reverse("login"), {"username": "cu", "password": PASSWORD}).status_code == 302


def test_a_wrong_password_does_not_touch_the_old_hash(real_hashers, django_user_model, client):
    old = make_password(PASSWORD, hasher="pbkdf2_sha256")
    user = django_user_model.objects.create(username="cu", password=old)
    response = client.post(reverse("login"), {"username": "cu", "password": "sai"})
    assert response.status_code == 200
    user.refresh_from_db()
    assert user.password == old
