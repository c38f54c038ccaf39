#!/bin/sh
# Prepare the mounted state folders, apply migrations, then run the command
# (gunicorn by default) as the unprivileged app user.
#
# Started as root (the default), it gives the app user the UID and GID of the
# host's config/ folder so files stay editable from the host, then drops
# privileges with gosu. Started as another user (docker run --user), it skips
# the user and ownership steps. Every step logs one line.
set -eu

APP_ROOT=${APP_ROOT:-/app}
APP_USER=${APP_USER:-lastfm}
PYTHON=${PYTHON:-python}
MIGRATE_LOCK_TIMEOUT=${MIGRATE_LOCK_TIMEOUT:-300}

CACHE_DIR="$APP_ROOT/cache"
CONFIG_DIR="$APP_ROOT/config"
OVERRIDES_FILE="$CONFIG_DIR/search_overrides.json"

log() {
    printf 'entrypoint: %s\n' "$*"
}

# Run a command as the app user when started as root, else as the current user.
as_app_user() {
    if [ "$(id -u)" = 0 ]; then
        gosu "$APP_USER" "$@"
    else
        "$@"
    fi
}

match_config_owner() {
    owner_uid=$(stat -c %u "$CONFIG_DIR")
    owner_gid=$(stat -c %g "$CONFIG_DIR")
    user_uid=$(id -u "$APP_USER")
    user_gid=$(id -g "$APP_USER")

    if [ "$owner_uid" = 0 ]; then
        log "warning: config/ is owned by root, so $APP_USER keeps uid $user_uid" \
            "and gid $user_gid; to edit the files from the host as yourself, run" \
            "'sudo chown -R \$(id -u):\$(id -g) cache config' there and restart"
        return
    fi

    if [ "$owner_gid" = 0 ]; then
        log "group of config/ is root, so $APP_USER keeps gid $user_gid"
    elif [ "$owner_gid" != "$user_gid" ]; then
        groupmod --non-unique --gid "$owner_gid" "$APP_USER"
        log "set gid of $APP_USER from $user_gid to $owner_gid (the group of config/)"
    else
        log "gid of $APP_USER already matches config/ ($user_gid)"
    fi

    if [ "$owner_uid" != "$user_uid" ]; then
        usermod --non-unique --uid "$owner_uid" "$APP_USER"
        log "set uid of $APP_USER from $user_uid to $owner_uid (the owner of config/)"
    else
        log "uid of $APP_USER already matches config/ ($user_uid)"
    fi
}

# Docker creates a missing bind-mount source as a directory. Move such a
# directory aside when possible, since a mount point cannot move (EBUSY).
move_directory_aside() {
    path=$1
    aside="$path.directory-$(date +%Y%m%d%H%M%S)"
    if mv "$path" "$aside" 2>/dev/null; then
        log "${path#"$APP_ROOT"/} was a directory (Docker creates one when the host" \
            "file is missing); moved it to ${aside#"$APP_ROOT"/}"
        return 0
    fi
    return 1
}

fix_env_directory() {
    env_path="$APP_ROOT/.env"
    if [ ! -d "$env_path" ]; then
        return
    fi
    if move_directory_aside "$env_path"; then
        : >"$env_path"
        chmod 600 "$env_path"
        log "created an empty .env; settings saved in the web app go there"
        return
    fi
    # The settings code reads YTMT_ENV_FILE, so the app keeps working.
    YTMT_ENV_FILE="$CACHE_DIR/.env"
    export YTMT_ENV_FILE
    if [ ! -e "$YTMT_ENV_FILE" ]; then
        : >"$YTMT_ENV_FILE"
    fi
    log "warning: .env is a directory mounted from the host (Docker creates one" \
        "when ./.env is missing), so settings are kept in cache/.env for now; to" \
        "fix, stop the container, replace the host's .env directory with a copy of" \
        ".env.example and start again"
}

warn_browser_json_directory() {
    auth_path="$APP_ROOT/browser.json"
    if [ ! -d "$auth_path" ]; then
        return
    fi
    if rmdir "$auth_path" 2>/dev/null; then
        log "removed the empty browser.json directory Docker created"
        return
    fi
    log "warning: browser.json is a directory mounted from the host, so the" \
        "setup page cannot save YouTube Music credentials; to fix, stop the" \
        "container, run 'rm -r browser.json && touch browser.json' on the host" \
        "and start again"
}

create_overrides_file() {
    if [ -e "$OVERRIDES_FILE" ]; then
        log "config/search_overrides.json exists, left unchanged"
        return
    fi
    temporary="$OVERRIDES_FILE.tmp.$$"
    printf '{\n  "_overrides": {},\n  "_blacklist": {},\n  "_blacklist_artists": {}\n}\n' \
        >"$temporary"
    mv "$temporary" "$OVERRIDES_FILE"
    log "created config/search_overrides.json with no overrides or blacklists"
}

# The web app writes .env (Settings page) and browser.json (setup page) too.
give_state_to_app_user() {
    chown -R "$APP_USER:$APP_USER" "$CACHE_DIR" "$CONFIG_DIR"
    owned="cache/ config/"
    for file in "$APP_ROOT/.env" "$APP_ROOT/browser.json"; do
        if [ -f "$file" ]; then
            chown "$APP_USER:$APP_USER" "$file"
            owned="$owned ${file##*/}"
        fi
    done
    log "$owned belong to $APP_USER ($(id -u "$APP_USER"):$(id -g "$APP_USER"))"
}

check_writable() {
    for folder in "$CACHE_DIR" "$CONFIG_DIR"; do
        if [ ! -w "$folder" ]; then
            log "error: ${folder#"$APP_ROOT"/}/ is not writable by uid $(id -u);" \
                "give it to that user on the host (chown -R $(id -u) ${folder##*/})" \
                "or start the container without --user"
            exit 1
        fi
    done
    log "running as uid $(id -u), so the user and ownership steps are skipped"
}

migrate() {
    # flock serialises containers that share cache/, so the second one waits
    # and then finds nothing left to apply.
    # NOTE: with DATABASE_URL pointing at a server, only containers sharing
    # this cache/ folder are serialised.
    if ! as_app_user flock --wait "$MIGRATE_LOCK_TIMEOUT" "$CACHE_DIR/migrate.lock" \
        "$PYTHON" "$APP_ROOT/manage.py" migrate --noinput; then
        log "error: database migrations failed (see the lines above); the app" \
            "was not started"
        exit 1
    fi
    log "database migrations applied"
}

mkdir -p "$CACHE_DIR" "$CONFIG_DIR"

if [ "$(id -u)" = 0 ]; then
    match_config_owner
else
    check_writable
fi

fix_env_directory
warn_browser_json_directory
create_overrides_file

if [ "$(id -u)" = 0 ]; then
    give_state_to_app_user
fi

migrate

if [ "$(id -u)" = 0 ]; then
    log "starting as $APP_USER: $*"
    exec gosu "$APP_USER" "$@"
fi
log "starting: $*"
exec "$@"
