# Sourced by scripts/run and scripts/test: installs what is missing with apt-get.
# Debian 12 / Ubuntu 22.04+ package names.

CAMHUB_BUILD_PACKAGES=(
    build-essential cmake ninja-build pkg-config
    qt6-base-dev qt6-httpserver-dev qt6-websockets-dev qt6-multimedia-dev libqt6svg6
    libavformat-dev libavcodec-dev libavutil-dev libswscale-dev libswresample-dev
    libgl-dev libqrencode-dev
)
CAMHUB_TEST_PACKAGES=(
    ffmpeg xvfb xauth chromium iproute2
    python3-gi gir1.2-gst-rtsp-server-1.0 gstreamer1.0-tools
    gstreamer1.0-plugins-base gstreamer1.0-plugins-good
    gstreamer1.0-plugins-bad gstreamer1.0-plugins-ugly gstreamer1.0-libav
)

camhub_install_packages() {
    local missing=()
    local p
    for p in "$@"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    [ ${#missing[@]} -eq 0 ] && return 0
    echo "camhub: installing ${missing[*]}"
    local sudo=""
    [ "$(id -u)" -ne 0 ] && sudo="sudo"
    export DEBIAN_FRONTEND=noninteractive
    $sudo apt-get update -qq
    $sudo apt-get install -y -qq --no-install-recommends "${missing[@]}"
}

# hls.js is bundled from the npm registry at build time: npm must exist.
camhub_install_npm() {
    command -v npm >/dev/null 2>&1 || camhub_install_packages nodejs npm
}

camhub_build() {
    local root="$1" build="$2"
    shift 2
    cmake -S "$root" -B "$build" -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo "$@" >/dev/null
    cmake --build "$build" --parallel "$(nproc)"
}
