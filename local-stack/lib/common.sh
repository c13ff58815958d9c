# shellcheck shell=bash disable=SC2034 # the paths are used by servers.sh and strata
# Shared helpers for ./strata: output, clocks, pid files, ports, locking, the
# unprivileged user, Maven. Expects STRATA_ROOT to be set by the caller.

STACK_DIR=$STRATA_ROOT/local-stack
STATE=$STRATA_ROOT/.strata
DIST=$STATE/dist
DATA=$STATE/data
LOGS=$STATE/logs
RUN=$STATE/run
CONF=$STATE/conf
TMPD=$STATE/tmp

STRATA_TIMEOUT=${STRATA_TIMEOUT:-240}
STRATA_STOP_TIMEOUT=${STRATA_STOP_TIMEOUT:-30}

# ---------------------------------------------------------------- output

die() {
	echo "strata: $*" >&2
	exit 1
}

warn() {
	echo "strata: $*" >&2
}

# "  postgres      ready (1.6 s)"
progress() {
	printf '  %-21s %s\n' "$1" "$2"
}

# ---------------------------------------------------------------- clocks

now_ms() {
	if [ -n "${EPOCHREALTIME:-}" ]; then
		local s=${EPOCHREALTIME%[.,]*} f=${EPOCHREALTIME#*[.,]}
		echo $((s * 1000 + 10#${f:0:3}))
	else
		echo $(($(date +%s) * 1000))
	fi
}

# Seconds since $1 (from now_ms), one decimal: "1.6 s".
since() {
	local ms=$(($(now_ms) - $1))
	echo "$((ms / 1000)).$(((ms % 1000) / 100)) s"
}

# ---------------------------------------------------------------- pom

# A property of local-stack/pom.xml (the servers' versions), or of the pom $2 names
# (the root pom.xml holds the servers' default ports).
pom_prop() {
	sed -n "s:.*<$1>\(.*\)</$1>.*:\1:p" "${2:-$STACK_DIR/pom.xml}" | sed -n 1p
}

maven_cmd() {
	if [ -x "$STRATA_ROOT/mvnw" ]; then
		echo "$STRATA_ROOT/mvnw"
	elif command -v mvn >/dev/null 2>&1; then
		echo mvn
	else
		die "needs Maven: neither ./mvnw nor mvn was found"
	fi
}

# Runs local-stack/pom.xml's goals quietly; on failure shows Maven's output and exits.
local_stack_maven() {
	local mvn log=$LOGS/local-stack-maven.log
	mvn=$(maven_cmd)
	mkdir -p "$LOGS" "$DIST/download"
	if ! (cd "$STRATA_ROOT" && "$mvn" -B -q -f local-stack/pom.xml "-Dstrata.dist=$DIST/download" "$@") >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		die "could not fetch the servers from Maven Central (full output: $log)"
	fi
}

# ---------------------------------------------------------------- archives

# Extracts entry $2 of zip/jar $1 to stdout.
zip_entry() {
	if command -v unzip >/dev/null 2>&1; then
		unzip -p "$1" "$2"
	else
		local dir
		dir=$(mktemp -d "$TMPD/unzip.XXXXXX")
		(cd "$dir" && "$JAVA_HOME/bin/jar" xf "$1" "$2") && cat "$dir/$2"
		rm -rf "$dir"
	fi
}

zip_list() {
	if command -v unzip >/dev/null 2>&1; then
		unzip -Z1 "$1"
	else
		"$JAVA_HOME/bin/jar" tf "$1"
	fi
}

# Unzips $1 into directory $2.
unzip_all() {
	if command -v unzip >/dev/null 2>&1; then
		unzip -q "$1" -d "$2"
	else
		(cd "$2" && "$JAVA_HOME/bin/jar" xf "$1")
	fi
}

# Unpacks an xz-compressed tar from stdin into $1.
untar_xz() {
	if command -v xz >/dev/null 2>&1; then
		xz -dc | tar -xf - -C "$1"
	else
		tar -xJf - -C "$1"
	fi
}

# ---------------------------------------------------------------- processes

# A process's start time, to tell a reused pid apart: on Linux the clock ticks since boot
# in /proc/PID/stat (field 22, after the command name in parentheses, which may hold
# spaces). ps's lstart is derived from the boot time, which a loaded VM may report a second
# apart from one call to the next: a running server then looked like a reused pid, and
# ./strata forgot it (status "port in use by another program").
proc_started() {
	local stat
	if stat=$(cat "/proc/$1/stat" 2>/dev/null); then
		stat=${stat##*) }
		# shellcheck disable=SC2086 # the fields after the command name, split on purpose
		set -- $stat
		echo "ticks:${20}"
	else
		ps -o lstart= -p "$1" 2>/dev/null | sed 's/  */ /g; s/^ //; s/ $//'
	fi
}

# A zombie counts as gone: an init that reaps slowly must not stall ./strata down.
alive() {
	kill -0 "$1" 2>/dev/null || return 1
	case $(ps -o stat= -p "$1" 2>/dev/null | tr -d ' ') in
	Z* | '') return 1 ;;
	esac
}

pid_file() {
	echo "$RUN/$1.pid"
}

# pid file: line 1 pid, line 2 port, line 3 the process's start time (tells a reused pid apart).
pid_write() {
	local started
	started=$(proc_started "$2")
	printf '%s\n%s\n%s\n' "$2" "$3" "$started" >"$(pid_file "$1")"
}

# Pid of part $1 if it is running and is the process ./strata started; else fails.
our_pid() {
	local file pid started
	file=$(pid_file "$1")
	[ -f "$file" ] || return 1
	pid=$(sed -n 1p "$file")
	started=$(sed -n 3p "$file")
	# a pid file of an earlier ./strata holds ps's lstart instead of ticks
	if [ -n "$pid" ] && alive "$pid" && { [ "$(proc_started "$pid")" = "$started" ] ||
		{ [ "${started#ticks:}" = "$started" ] &&
			[ "$(ps -o lstart= -p "$pid" 2>/dev/null | sed 's/  */ /g; s/^ //; s/ $//')" = "$started" ]; }; }; then
		echo "$pid"
		return 0
	fi
	rm -f "$file"
	return 1
}

# Port recorded for running part $1 (it keeps its port until it is stopped).
recorded_port() {
	sed -n 2p "$(pid_file "$1")" 2>/dev/null
}

# Starts "$@" detached from this shell, output to .strata/logs/$1.log (the previous run's
# log becomes NAME.log.1), and records it under .strata/run. Usage: start_bg NAME PORT CMD...
start_bg() {
	local name=$1 port=$2 log=$LOGS/$1.log
	shift 2
	[ -f "$log" ] && mv -f "$log" "$log.1"
	# bash gives background jobs SIGINT ignored; ignoring SIGHUP too lets them outlive the terminal.
	(
		trap '' HUP
		cd "$STATE" || exit 1
		exec "$@"
	) </dev/null >>"$log" 2>&1 &
	pid_write "$name" $! "$port"
}

child_pids() {
	if command -v pgrep >/dev/null 2>&1; then
		pgrep -P "$1" 2>/dev/null || true
	else
		ps -A -o pid= -o ppid= | awk -v p="$1" '$2 == p { print $1 }'
	fi
}

# Sends signal $2 to part $1 if it is ours; prints its pid (nothing when not running).
signal_part() {
	local pid
	pid=$(our_pid "$1") || return 0
	kill "-$2" "$pid" 2>/dev/null || true
	echo "$pid"
}

# Waits for pids (name:pid pairs, after the now_ms when they were signalled) to exit,
# then KILLs what is left after the stop timeout.
await_stopped() {
	local started=$1 pair name pid pending children
	shift
	pending=$*
	while [ -n "$pending" ]; do
		local still=''
		for pair in $pending; do
			name=${pair%%:*}
			pid=${pair#*:}
			if alive "$pid"; then
				if [ $(($(now_ms) - started)) -ge $((STRATA_STOP_TIMEOUT * 1000)) ]; then
					children=$(child_pids "$pid")
					# shellcheck disable=SC2086 # word splitting of the pid list is intended
					kill -KILL "$pid" $children 2>/dev/null || true
					progress "$name" "killed after ${STRATA_STOP_TIMEOUT} s"
					rm -f "$(pid_file "$name")"
				else
					still="$still $pair"
				fi
			else
				progress "$name" "stopped ($(since "$started"))"
				rm -f "$(pid_file "$name")"
			fi
		done
		pending=${still# }
		[ -z "$pending" ] || sleep 0.2
	done
}

# ---------------------------------------------------------------- network

port_open() {
	(exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null
}

http_code() {
	curl -s -o /dev/null -w '%{http_code}' --max-time "${2:-2}" "$1" 2>/dev/null || true
}

# Fails with one line when something that is not ours listens on port $1.
# Usage: require_free_port PORT ENV_VAR WHAT
require_free_port() {
	if port_open "$1"; then
		die "port $1 ($3) is already in use by another program; stop it or set $2 to a free port"
	fi
}

# ---------------------------------------------------------------- locking

LOCK_HELD=''

lock_acquire() {
	local lock=$RUN/lock deadline holder
	mkdir -p "$RUN"
	deadline=$(($(date +%s) + STRATA_TIMEOUT))
	until mkdir "$lock" 2>/dev/null; do
		holder=$(cat "$lock/pid" 2>/dev/null || true)
		if [ -n "$holder" ] && ! kill -0 "$holder" 2>/dev/null; then
			rm -rf "$lock"
			continue
		fi
		[ "$(date +%s)" -lt "$deadline" ] || die "another ./strata (pid ${holder:-?}) is still busy; try again when it is done"
		sleep 0.3
	done
	echo $$ >"$lock/pid"
	LOCK_HELD=1
}

lock_release() {
	if [ -n "$LOCK_HELD" ]; then
		rm -rf "$RUN/lock"
		LOCK_HELD=''
	fi
}

# ---------------------------------------------------------------- unprivileged user

# PostgreSQL and Elasticsearch refuse to run as root. As root, RUNAS becomes a command
# prefix that drops to an unprivileged user (STRATA_RUN_AS, default `strata`, created as
# a system user when missing) and RUNAS_OWNER its uid:gid for chown; otherwise both are
# empty and everything runs as the current user.
RUNAS=()
RUNAS_OWNER=''

runas_setup() {
	[ "$(id -u)" -eq 0 ] || return 0
	[ -z "$RUNAS_OWNER" ] || return 0
	local user=${STRATA_RUN_AS:-strata} uid gid
	if ! id "$user" >/dev/null 2>&1; then
		if command -v useradd >/dev/null 2>&1 &&
			useradd --system --no-create-home --user-group --shell /usr/sbin/nologin "$user" 2>/dev/null; then
			warn "created system user '$user' to run PostgreSQL and Elasticsearch (they refuse to run as root)"
		else
			user=nobody
		fi
	fi
	uid=$(id -u "$user")
	gid=$(id -g "$user")
	if command -v setpriv >/dev/null 2>&1; then
		RUNAS=(setpriv "--reuid=$uid" "--regid=$gid" --init-groups --)
	elif command -v runuser >/dev/null 2>&1; then
		RUNAS=(runuser -u "$user" --)
	else
		die "running as root needs setpriv or runuser to start PostgreSQL and Elasticsearch as '$user'"
	fi
	RUNAS_OWNER=$uid:$gid
	if ! "${RUNAS[@]}" test -x "$STATE" -a -r "$DIST"; then
		die "user '$user' (which runs PostgreSQL and Elasticsearch, as they refuse root) cannot reach $STATE: make every parent directory traversable (chmod o+x) or move the repository"
	fi
}

# Makes paths owned by the unprivileged user when running as root.
give_to_runas() {
	[ -z "$RUNAS_OWNER" ] || chown -R "$RUNAS_OWNER" "$@"
}
