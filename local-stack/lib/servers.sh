# shellcheck shell=bash
# The five servers of the local stack. Each NAME has:
#   NAME_port / NAME_ports       its port / every port it binds, as "PORT:ENV_VAR" pairs
#   NAME_installed, NAME_install whether its files are in .strata/dist; unpack them
#   NAME_start                   prepare config and data, then start_bg
#   NAME_ready                   succeeds once it serves requests
# and stop_signal_NAME may override TERM.

SERVERS="postgres redis kafka elasticsearch s3"

PG_VERSION=$(pom_prop postgres.version)
REDIS_JAR_VERSION=$(pom_prop embedded-redis.version)
KAFKA_VERSION=$(pom_prop kafka.version)
ES_VERSION=$(pom_prop elasticsearch.version)
S3MOCK_VERSION=$(pom_prop s3mock.version)

# Default ports: the root pom.xml's strata.port.* (test-support and the services default to
# the same); the variables in NAME_ports override them.
default_port() { pom_prop "strata.port.$1" "$STRATA_ROOT/pom.xml"; }
PG_PORT_DEFAULT=$(default_port postgres)
REDIS_PORT_DEFAULT=$(default_port redis)
KAFKA_PORT_DEFAULT=$(default_port kafka)
KAFKA_CONTROLLER_PORT_DEFAULT=$(default_port kafka-controller)
ES_PORT_DEFAULT=$(default_port elasticsearch)
ES_TRANSPORT_PORT_DEFAULT=$(default_port elasticsearch-transport)
S3_PORT_DEFAULT=$(default_port s3)
S3_HTTPS_PORT_DEFAULT=$(default_port s3-https)

PG_USER=strata
PG_PASSWORD=strata
PG_DATABASES="identity workflow notification"

# Port a server listens on: the one it was started with while it runs, else the configured one.
server_port() {
	local recorded
	if our_pid "$1" >/dev/null && recorded=$(recorded_port "$1") && [ -n "$recorded" ]; then
		echo "$recorded"
	else
		"$1_port"
	fi
}

server_title() {
	case $1 in
	postgres) echo "PostgreSQL $PG_VERSION" ;;
	redis) echo "Redis (embedded-redis $REDIS_JAR_VERSION)" ;;
	kafka) echo "Kafka $KAFKA_VERSION" ;;
	elasticsearch) echo "Elasticsearch $ES_VERSION" ;;
	s3) echo "S3Mock $S3MOCK_VERSION" ;;
	esac
}

server_address() {
	local port
	port=$(server_port "$1")
	case $1 in
	postgres) echo "postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$port/{${PG_DATABASES// /,}}" ;;
	redis) echo "redis://127.0.0.1:$port" ;;
	kafka) echo "127.0.0.1:$port" ;;
	elasticsearch) echo "http://127.0.0.1:$port" ;;
	s3) echo "http://127.0.0.1:$port" ;;
	esac
}

os_arch() {
	local os arch
	case $(uname -s) in
	Linux) os=linux ;;
	Darwin) os=darwin ;;
	*) die "no server binaries for $(uname -s); Linux and macOS are supported" ;;
	esac
	case $(uname -m) in
	x86_64 | amd64) arch=amd64 ;;
	aarch64 | arm64) arch=arm64 ;;
	*) die "no server binaries for $(uname -m)" ;;
	esac
	echo "$os-$arch"
}

# Downloads (once, into ~/.m2 and .strata/dist) and unpacks whatever is missing.
servers_install() {
	local name goals='' missing=''
	for name in $SERVERS; do
		if ! "${name}_installed"; then
			missing="$missing $name"
			case $name in
			kafka) goals="$goals dependency:build-classpath" ;;
			*) goals="$goals dependency:copy@$name" ;;
			esac
			progress "$name" "downloading $(server_title "$name") (once)…"
		fi
	done
	[ -n "$missing" ] || return 0
	mkdir -p "$DIST" "$TMPD"
	# shellcheck disable=SC2086 # goals is a word list
	local_stack_maven $goals "-Dmdep.outputFile=$DIST/download/kafka.classpath" -Dmdep.includeScope=runtime
	for name in $missing; do
		"${name}_install"
	done
	rm -rf "$DIST/download"
}

# ---------------------------------------------------------------- PostgreSQL

PG_HOME=$DIST/postgres-$PG_VERSION
PG_DATA=$DATA/postgres

postgres_port() { echo "${STRATA_PG_PORT:-$PG_PORT_DEFAULT}"; }
postgres_ports() { echo "$(postgres_port):STRATA_PG_PORT"; }
postgres_installed() { [ -x "$PG_HOME/bin/postgres" ]; }

postgres_install() {
	local tmp jar=$DIST/download/postgres.jar entry
	tmp=$(mktemp -d "$DIST/.postgres.XXXXXX")
	entry=$(zip_list "$jar" | grep '\.txz$' | sed -n 1p)
	zip_entry "$jar" "$entry" | untar_xz "$tmp"
	chmod 755 "$tmp"
	rm -rf "$PG_HOME"
	mv "$tmp" "$PG_HOME"
}

# Unix sockets have a ~100 byte path limit; a deep checkout falls back to /tmp.
postgres_socket_dir() {
	local dir=$RUN/postgres
	[ "${#dir}" -le 90 ] || dir=${TMPDIR:-/tmp}/strata-pg-$(id -u)
	echo "$dir"
}

# First start: initdb (superuser strata/strata, password auth over TCP), then the
# databases, in single-user mode so that no psql is needed.
postgres_init() {
	local tmp=$PG_DATA.init pwfile=$TMPD/pg-password db log=$LOGS/postgres-init.log
	rm -rf "$tmp"
	mkdir -p "$tmp" "$TMPD"
	chmod 700 "$tmp"
	printf '%s\n' "$PG_PASSWORD" >"$pwfile"
	give_to_runas "$tmp" "$pwfile"
	if ! ${RUNAS[@]+"${RUNAS[@]}"} "$PG_HOME/bin/initdb" -D "$tmp" -U "$PG_USER" --pwfile="$pwfile" \
		--auth-host=scram-sha-256 --auth-local=trust -E UTF8 --no-locale >"$log" 2>&1; then
		rm -f "$pwfile"
		tail -n 30 "$log" >&2
		die "initdb failed (log: $log)"
	fi
	rm -f "$pwfile"
	for db in $PG_DATABASES; do
		echo "CREATE DATABASE $db;"
	done | ${RUNAS[@]+"${RUNAS[@]}"} "$PG_HOME/bin/postgres" --single -D "$tmp" -j postgres >>"$log" 2>&1 ||
		{ tail -n 30 "$log" >&2; die "creating the databases failed (log: $log)"; }
	mv "$tmp" "$PG_DATA"
}

postgres_start() {
	local port sockets
	port=$(postgres_port)
	sockets=$(postgres_socket_dir)
	[ -f "$PG_DATA/PG_VERSION" ] || postgres_init
	mkdir -p "$sockets"
	chmod 700 "$sockets"
	give_to_runas "$PG_DATA" "$sockets"
	start_bg postgres "$port" ${RUNAS[@]+"${RUNAS[@]}"} "$PG_HOME/bin/postgres" -D "$PG_DATA" \
		-c listen_addresses=127.0.0.1 -p "$port" -k "$sockets" \
		-c max_connections=200 -c synchronous_commit=off
}

# postmaster.pid's 8th line says "ready" once connections are accepted.
postgres_ready() {
	[ "$(sed -n 8p "$PG_DATA/postmaster.pid" 2>/dev/null | tr -d ' ')" = ready ] && port_open "$(server_port postgres)"
}

# Recreates a database someone dropped, when psql is around (initdb made them all).
postgres_after_ready() {
	command -v psql >/dev/null 2>&1 || return 0
	local db existing url
	url="postgresql://$PG_USER:$PG_PASSWORD@127.0.0.1:$(server_port postgres)/postgres"
	existing=$(psql "$url" -Atqc 'select datname from pg_database' 2>/dev/null) || return 0
	for db in $PG_DATABASES; do
		if ! printf '%s\n' "$existing" | grep -qx "$db"; then
			psql "$url" -qc "CREATE DATABASE $db" >/dev/null 2>&1 || warn "could not create database $db"
		fi
	done
}

# SIGINT is PostgreSQL's fast shutdown (SIGTERM would wait for every client to leave).
stop_signal_postgres() { echo INT; }

# ---------------------------------------------------------------- Redis

REDIS_HOME=$DIST/redis-embedded-$REDIS_JAR_VERSION

redis_port() { echo "${STRATA_REDIS_PORT:-$REDIS_PORT_DEFAULT}"; }
redis_ports() { echo "$(redis_port):STRATA_REDIS_PORT"; }
redis_installed() { [ -x "$REDIS_HOME/redis-server" ]; }

redis_install() {
	local jar=$DIST/download/embedded-redis.jar platform entry
	platform=$(os_arch)
	entry=$(zip_list "$jar" | grep "^redis-server-.*-$platform\$" | sed -n 1p)
	[ -n "$entry" ] || die "embedded-redis $REDIS_JAR_VERSION has no redis-server for $platform"
	mkdir -p "$REDIS_HOME"
	zip_entry "$jar" "$entry" >"$REDIS_HOME/redis-server.tmp"
	chmod 755 "$REDIS_HOME/redis-server.tmp"
	mv "$REDIS_HOME/redis-server.tmp" "$REDIS_HOME/redis-server"
	echo "$entry" >"$REDIS_HOME/VERSION"
}

redis_start() {
	local port
	port=$(redis_port)
	mkdir -p "$DATA/redis"
	start_bg redis "$port" "$REDIS_HOME/redis-server" --bind 127.0.0.1 --port "$port" \
		--dir "$DATA/redis" --appendonly yes --daemonize no
}

redis_ready() {
	local reply
	reply=$(
		exec 3<>"/dev/tcp/127.0.0.1/$(server_port redis)" || exit 1
		printf 'PING\r\n' >&3
		read -r -t 2 line <&3 && printf '%s' "$line"
	) 2>/dev/null || return 1
	[ "${reply%$'\r'}" = "+PONG" ]
}

# ---------------------------------------------------------------- Kafka

KAFKA_CLASSPATH_FILE=$DIST/kafka-$KAFKA_VERSION.classpath
KAFKA_DATA=$DATA/kafka

kafka_port() { echo "${STRATA_KAFKA_PORT:-$KAFKA_PORT_DEFAULT}"; }
kafka_controller_port() { echo "${STRATA_KAFKA_CONTROLLER_PORT:-$KAFKA_CONTROLLER_PORT_DEFAULT}"; }
kafka_ports() { echo "$(kafka_port):STRATA_KAFKA_PORT $(kafka_controller_port):STRATA_KAFKA_CONTROLLER_PORT"; }

# Installed = the resolved classpath file exists and every jar in it is still in ~/.m2.
kafka_installed() {
	[ -s "$KAFKA_CLASSPATH_FILE" ] || return 1
	local jar
	while IFS= read -r jar; do
		[ -f "$jar" ] || return 1
	done < <(tr ':' '\n' <"$KAFKA_CLASSPATH_FILE")
}

kafka_install() {
	mv "$DIST/download/kafka.classpath" "$KAFKA_CLASSPATH_FILE"
}

# Sets KAFKA_CMD to the java command line with Kafka's classpath and heap $1.
kafka_cmd() {
	KAFKA_CMD=(java -Xms64m "-Xmx$1" -XX:+UseSerialGC -Djava.awt.headless=true
		"-Dlog4j2.configurationFile=$CONF/kafka/log4j2.properties"
		-cp "$(cat "$KAFKA_CLASSPATH_FILE")")
}

kafka_configure() {
	mkdir -p "$CONF/kafka" "$KAFKA_DATA"
	sed -e "s|@PORT@|$(kafka_port)|g" -e "s|@CONTROLLER_PORT@|$(kafka_controller_port)|g" \
		-e "s|@DATA_DIR@|$KAFKA_DATA|g" "$STACK_DIR/conf/kafka-server.properties" >"$CONF/kafka/server.properties"
	cp "$STACK_DIR/conf/kafka-log4j2.properties" "$CONF/kafka/log4j2.properties"
}

# A Kafka cluster id: 16 random bytes, URL-safe base64 without padding. It must not start
# with '-' (or the storage tool reads it as an option): the first character is a letter.
kafka_cluster_id() {
	head -c 16 /dev/urandom | base64 | tr '+/' '-_' | cut -c 1-22 | sed 's/^[-_]/A/'
}

kafka_start() {
	kafka_configure
	if [ ! -f "$KAFKA_DATA/meta.properties" ]; then
		local log=$LOGS/kafka-format.log
		kafka_cmd 256m
		if ! "${KAFKA_CMD[@]}" kafka.tools.StorageTool format --standalone \
			-t "$(kafka_cluster_id)" -c "$CONF/kafka/server.properties" >"$log" 2>&1; then
			tail -n 30 "$log" >&2
			die "formatting Kafka's storage failed (log: $log)"
		fi
	fi
	kafka_cmd 512m
	start_bg kafka "$(kafka_port)" "${KAFKA_CMD[@]}" kafka.Kafka "$CONF/kafka/server.properties"
}

kafka_ready() {
	grep -q 'Kafka Server started' "$LOGS/kafka.log" 2>/dev/null && port_open "$(server_port kafka)"
}

# ---------------------------------------------------------------- Elasticsearch

ES_HOME=$DIST/elasticsearch-$ES_VERSION
ES_CONF=$CONF/elasticsearch

elasticsearch_port() { echo "${STRATA_ES_PORT:-$ES_PORT_DEFAULT}"; }
elasticsearch_transport_port() { echo "${STRATA_ES_TRANSPORT_PORT:-$ES_TRANSPORT_PORT_DEFAULT}"; }
elasticsearch_ports() { echo "$(elasticsearch_port):STRATA_ES_PORT $(elasticsearch_transport_port):STRATA_ES_TRANSPORT_PORT"; }
elasticsearch_installed() { [ -x "$ES_HOME/bin/elasticsearch" ]; }

elasticsearch_install() {
	local tmp
	tmp=$(mktemp -d "$DIST/.elasticsearch.XXXXXX")
	unzip_all "$DIST/download/elasticsearch.zip" "$tmp"
	chmod -R a+rX "$tmp"
	chmod a+x "$tmp/elasticsearch-$ES_VERSION/bin/"*
	rm -rf "$ES_HOME"
	mv "$tmp/elasticsearch-$ES_VERSION" "$ES_HOME"
	rm -rf "$tmp"
}

elasticsearch_start() {
	local file
	mkdir -p "$ES_CONF" "$DATA/elasticsearch" "$LOGS/elasticsearch" "$TMPD/elasticsearch"
	for file in "$ES_HOME"/config/*; do
		[ -e "$ES_CONF/${file##*/}" ] || cp -R "$file" "$ES_CONF/"
	done
	sed -e "s|@PORT@|$(elasticsearch_port)|g" -e "s|@TRANSPORT_PORT@|$(elasticsearch_transport_port)|g" \
		-e "s|@DATA_DIR@|$DATA/elasticsearch|g" -e "s|@LOGS_DIR@|$LOGS/elasticsearch|g" \
		"$STACK_DIR/conf/elasticsearch.yml" >"$ES_CONF/elasticsearch.yml"
	give_to_runas "$ES_CONF" "$DATA/elasticsearch" "$LOGS/elasticsearch" "$TMPD/elasticsearch"
	# bin/elasticsearch execs a small launcher JVM that runs the server JVM as its child
	# and stops it on SIGTERM. ES ships no JDK in this distribution: it gets ours.
	start_bg elasticsearch "$(elasticsearch_port)" env -u JAVA_HOME \
		"ES_JAVA_HOME=$JAVA_HOME" "ES_PATH_CONF=$ES_CONF" "ES_TMPDIR=$TMPD/elasticsearch" \
		"HOME=$TMPD/elasticsearch" "ES_JAVA_OPTS=-Xms512m -Xmx512m -XX:-AlwaysPreTouch ${STRATA_ES_JAVA_OPTS:-}" \
		${RUNAS[@]+"${RUNAS[@]}"} "$ES_HOME/bin/elasticsearch"
}

elasticsearch_ready() {
	[ "$(http_code "http://127.0.0.1:$(server_port elasticsearch)/_cluster/health?wait_for_status=yellow&timeout=1s")" = 200 ]
}

# ---------------------------------------------------------------- S3 (S3Mock)

S3MOCK_JAR=$DIST/s3mock-$S3MOCK_VERSION.jar

s3_port() { echo "${STRATA_S3_PORT:-$S3_PORT_DEFAULT}"; }
s3_https_port() { echo "${STRATA_S3_HTTPS_PORT:-$S3_HTTPS_PORT_DEFAULT}"; }
s3_ports() { echo "$(s3_port):STRATA_S3_PORT $(s3_https_port):STRATA_S3_HTTPS_PORT"; }
s3_installed() { [ -f "$S3MOCK_JAR" ]; }

s3_install() {
	mv "$DIST/download/s3mock.jar" "$S3MOCK_JAR"
}

s3_start() {
	mkdir -p "$DATA/s3"
	start_bg s3 "$(s3_port)" java -Xms32m -Xmx256m -XX:+UseSerialGC -XX:TieredStopAtLevel=1 -jar "$S3MOCK_JAR" \
		--server.address=127.0.0.1 "--server.port=$(s3_https_port)" \
		"--com.adobe.testing.s3mock.httpPort=$(s3_port)" \
		"--com.adobe.testing.s3mock.store.root=$DATA/s3" \
		--com.adobe.testing.s3mock.store.retainFilesOnExit=true \
		"--spring.main.sources=file:$STACK_DIR/conf/s3mock-loopback.xml"
}

s3_ready() {
	[ "$(http_code "http://127.0.0.1:$(server_port s3)/")" = 200 ]
}

# ---------------------------------------------------------------- all servers

# KEY=value lines for clients: .strata/stack.env and the services' environment.
stack_env() {
	cat <<EOF
STRATA_PG_HOST=127.0.0.1
STRATA_PG_PORT=$(server_port postgres)
STRATA_PG_USER=$PG_USER
STRATA_PG_PASSWORD=$PG_PASSWORD
STRATA_REDIS_HOST=127.0.0.1
STRATA_REDIS_PORT=$(server_port redis)
STRATA_KAFKA=127.0.0.1:$(server_port kafka)
STRATA_ELASTICSEARCH=http://127.0.0.1:$(server_port elasticsearch)
STRATA_S3_ENDPOINT=http://127.0.0.1:$(server_port s3)
EOF
}
