#!/bin/sh
# Generates ./configure from configure.ac (runs autopoint, aclocal, automake).
set -e
cd "$(dirname "$0")"
autoreconf -fi
