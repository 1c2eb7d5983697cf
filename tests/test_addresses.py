"""The client's address: from a trusted proxy's headers only, never from what a visitor sends."""

import pytest

from utils.errors import ConfigError
from utils.live.addresses import client_address, trusted_networks

NGINX = trusted_networks("127.0.0.1, 10.0.0.0/8")


def test_without_trusted_proxies_the_connection_is_the_client_whatever_headers_say():
    assert client_address("203.0.113.7", "198.51.100.1", "198.51.100.2") == "203.0.113.7"


def test_behind_nginx_the_address_nginx_appended_is_the_client():
    assert client_address("127.0.0.1", "203.0.113.7", "203.0.113.7", NGINX) == "203.0.113.7"


def test_a_forged_forwarded_for_does_not_hide_the_sender():
    # the visitor sent "X-Forwarded-For: 198.51.100.9"; nginx appended the address it saw
    assert client_address("127.0.0.1", "198.51.100.9, 203.0.113.7", trusted=NGINX) == "203.0.113.7"
    assert client_address("127.0.0.1", "not an address, 203.0.113.7", trusted=NGINX) == "203.0.113.7"


def test_headers_from_an_untrusted_peer_are_ignored():
    assert client_address("192.0.2.50", "203.0.113.7", "203.0.113.8", NGINX) == "192.0.2.50"


def test_a_chain_of_trusted_proxies_is_walked_from_the_right():
    assert client_address("127.0.0.1", "203.0.113.7, 10.1.2.3", trusted=NGINX) == "203.0.113.7"
    assert client_address("127.0.0.1", "", "203.0.113.8", NGINX) == "203.0.113.8"  # X-Real-IP alone
    assert client_address("127.0.0.1", "", "", NGINX) == "127.0.0.1"  # a proxy that says nothing: itself
    assert client_address("::ffff:127.0.0.1", "[2001:db8::1]:443", trusted=NGINX) == "2001:db8::1"


def test_a_missing_peer_is_unknown_and_a_wrong_setting_names_itself():
    assert client_address(None) == "unknown"
    with pytest.raises(ConfigError, match="SOLIDARITY_MAP_TRUSTED_PROXIES: 'nginx'"):
        trusted_networks("127.0.0.1, nginx")
