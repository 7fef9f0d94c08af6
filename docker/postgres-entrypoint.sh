#!/bin/sh
# Creates the cluster on first start as the official image does, then runs the server.
set -eu
bin=$(ls -d /usr/lib/postgresql/*/bin | sort -V | tail -n 1)
user="${POSTGRES_USER:-postgres}"
db="${POSTGRES_DB:-$user}"
if [ ! -s "$PGDATA/PG_VERSION" ]; then
	pwfile=$(mktemp)
	printf '%s' "${POSTGRES_PASSWORD:?POSTGRES_PASSWORD must be set}" >"$pwfile"
	"$bin/initdb" -D "$PGDATA" -U "$user" --pwfile="$pwfile" --auth-local=trust --auth-host=scram-sha-256 -E UTF8
	rm -f "$pwfile"
	echo "listen_addresses = '*'" >>"$PGDATA/postgresql.conf"
	echo "host all all all scram-sha-256" >>"$PGDATA/pg_hba.conf"
	if [ "$db" != "postgres" ]; then
		"$bin/pg_ctl" -D "$PGDATA" -w -o "-c listen_addresses=''" start
		"$bin/createdb" -U "$user" "$db"
		"$bin/pg_ctl" -D "$PGDATA" -w -m fast stop
	fi
fi
exec "$bin/postgres" -D "$PGDATA"
