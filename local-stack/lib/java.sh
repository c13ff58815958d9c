# shellcheck shell=bash
# JDK selection for ./strata and .ci/run: source this file, then call strata_find_java.
#
# strata_find_java sets and exports JAVA_HOME to a JDK 21 or newer and puts its bin/
# first in PATH. It looks at $JAVA_HOME, then `java` on PATH, then the newest JDK under
# /usr/lib/jvm and /Library/Java/JavaVirtualMachines. Without one it explains what to
# install and exits 1.

STRATA_MIN_JAVA=21

# Major version of the JDK at $1 (a Java home), or nothing when it is not a usable JDK.
strata_java_major() {
	local home=$1 version=
	[ -x "$home/bin/java" ] && [ -x "$home/bin/javac" ] || return 0
	if [ -r "$home/release" ]; then
		version=$(sed -n 's/^JAVA_VERSION="\(.*\)"/\1/p' "$home/release")
	fi
	if [ -z "$version" ]; then
		version=$("$home/bin/java" -XshowSettings:properties -version 2>&1 |
			sed -n 's/^ *java\.specification\.version = //p')
	fi
	version=${version#1.} # 1.8 -> 8
	printf '%s\n' "${version%%[.+-]*}"
}

# Java home of the `java` found on PATH (resolves /usr/bin/java and macOS's stub).
strata_java_home_on_path() {
	command -v java >/dev/null 2>&1 || return 0
	java -XshowSettings:properties -version 2>&1 | sed -n 's/^ *java\.home = //p'
}

strata_find_java() {
	local candidate major found='' best='' best_major=0 home seen=' '
	if [ -n "${JAVA_HOME:-}" ]; then
		major=$(strata_java_major "$JAVA_HOME")
		if [ -n "$major" ] && [ "$major" -ge "$STRATA_MIN_JAVA" ]; then
			best=$JAVA_HOME
		else
			found="${found}${found:+, }${major:-not a JDK} at JAVA_HOME=$JAVA_HOME"
		fi
	fi
	if [ -z "$best" ]; then
		home=$(strata_java_home_on_path)
		if [ -n "$home" ]; then
			major=$(strata_java_major "$home")
			if [ -n "$major" ] && [ "$major" -ge "$STRATA_MIN_JAVA" ]; then
				best=$home
			else
				found="${found}${found:+, }${major:-no javac} at $home (java on PATH)"
			fi
		fi
	fi
	if [ -z "$best" ]; then
		for candidate in /usr/lib/jvm/* /Library/Java/JavaVirtualMachines/*/Contents/Home; do
			[ -d "$candidate" ] || continue
			candidate=$(cd "$candidate" && pwd -P) # the same JDK is often linked under several names
			case $seen in *" $candidate "*) continue ;; esac
			seen="$seen$candidate "
			major=$(strata_java_major "$candidate")
			[ -n "$major" ] || continue
			if [ "$major" -ge "$STRATA_MIN_JAVA" ] && [ "$major" -gt "$best_major" ]; then
				best=$candidate
				best_major=$major
			elif [ "$major" -lt "$STRATA_MIN_JAVA" ]; then
				found="${found}${found:+, }$major at $candidate"
			fi
		done
	fi
	if [ -z "$best" ]; then
		echo "strata: needs a JDK $STRATA_MIN_JAVA or newer (found: ${found:-none}). Install one (e.g. apt-get install openjdk-21-jdk or Temurin) or set JAVA_HOME." >&2
		exit 1
	fi
	JAVA_HOME=$best
	PATH="$JAVA_HOME/bin:$PATH"
	export JAVA_HOME PATH
}
