#include "initscript.h"

namespace bootbench {

QByteArray InitScript::init()
{
    return QByteArrayLiteral(R"SH(#!/bin/sh
# Bootbench imaging environment: /init (busybox sh). See docs/environment.md.
export PATH=/usr/sbin:/usr/bin:/sbin:/bin HOME=/root TERM=linux
mkdir -p /proc /sys /dev /tmp /run /root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mkdir -p /dev/pts && mount -t devpts devpts /dev/pts
ip link set lo up
echo 0 >/proc/sys/kernel/printk_ratelimit 2>/dev/null
say() { echo "bootbench: $*"; }
arg() { for w in $(cat /proc/cmdline); do case "$w" in "$1"=*) echo "${w#*=}"; return;; esac; done; }
shell() {
    say "$*"
    while :; do setsid cttyhack sh; done
}
server=$(arg bootbench.server)
mode=$(arg bootbench.mode)
host=${server#*://}; host=${host%%/*}; host=${host%:*}
say "imaging environment $(uname -r), mode ${mode:-work}, server ${server:-none}"

modaliases() {
    # "net": what bringing up the network needs (PCI network cards and USB controllers, then USB
    # and virtio devices); otherwise every device's.
    if [ "$1" = net ]; then
        for d in /sys/bus/pci/devices/*; do
            case "$(cat "$d/class" 2>/dev/null)" in 0x02*|0x0c03*) cat "$d/modalias" 2>/dev/null;; esac
        done
        cat /sys/bus/usb/devices/*/modalias /sys/bus/virtio/devices/*/modalias 2>/dev/null
    else
        cat /sys/bus/*/devices/*/modalias 2>/dev/null
    fi
}

coldplug() {
    # Drivers by modalias, one modprobe for the aliases not tried yet, until loading drivers makes
    # no new device appear.
    # (never empty: busybox grep -v -f with an empty file passes nothing)
    [ -s /run/coldplug.tried ] || echo "(none)" >/run/coldplug.tried
    for round in 1 2 3 4; do
        new=$(modaliases "$1" | sort -u | grep -vxF -f /run/coldplug.tried)
        [ -n "$new" ] || break
        modprobe -qa $new 2>/dev/null
        echo "$new" >>/run/coldplug.tried
    done
}

nics_without_driver() {
    for d in /sys/bus/pci/devices/* /sys/bus/usb/devices/*; do
        [ -e "$d/modalias" ] || continue
        case "$(cat "$d/class" 2>/dev/null)" in 0x02*) ;; *) continue;; esac
        [ -e "$d/driver" ] || echo "  ${d##*/} $(cat "$d/vendor" 2>/dev/null):$(cat "$d/device" 2>/dev/null) modalias $(cat "$d/modalias")"
    done
}

reachable() {
    # (busybox 1.35's wget -T crashes: busybox timeout bounds it instead)
    out=$(timeout 5 wget -q -O /dev/null "$server/" 2>&1) && return 0
    case "$out" in *"server returned error"*) return 0;; esac
    return 1
}

network() {
    # Every NIC up; the first with a link that gets a lease and reaches the server is kept.
    nics=""
    for n in /sys/class/net/*; do
        i=${n##*/}
        [ "$i" = lo ] && continue
        ip link set "$i" up 2>/dev/null && nics="$nics $i"
    done
    [ -n "$nics" ] || return 1
    linked=""
    for t in 1 2 3 4 5 6 7 8 9 10 11 12 13 14 15 16 17 18 19 20; do
        linked=""
        for i in $nics; do [ "$(cat /sys/class/net/$i/carrier 2>/dev/null)" = 1 ] && linked="$linked $i"; done
        [ "$linked" = "$nics" ] && break
        [ -n "$linked" ] && [ $t -ge 6 ] && break
        sleep 0.5
    done
    for i in $linked; do
        say "DHCP on $i"
        if udhcpc -i "$i" -n -q -f -t 4 -T 2 -S -s /etc/bootbench/udhcpc.script >/dev/null 2>&1; then
            if [ -z "$server" ] || reachable; then
                say "$i: $(ip -4 -o addr show dev "$i" | awk '{print $4}'), server $host reachable"
                echo "$i" >/run/bootbench-interface
                return 0
            fi
            say "$i got an address but $server does not answer"
            ip addr flush dev "$i"
        else
            say "$i: no DHCP answer"
        fi
    done
    [ -n "$linked" ] || say "no network card has a link (cable?):$nics"
    return 1
}

update_drivers() {
    # boot/updateDrivers.tgz from the TFTP server, unpacked over /lib/modules (its paths are
    # relative to /lib/modules) before the drivers other than the network's are loaded. Its
    # absence is normal.
    [ -n "$host" ] || return 0
    cd /tmp
    if tftp -g -r boot/updateDrivers.tgz -l /tmp/updateDrivers.tgz "$host" 2>/dev/null; then
        if tar -xzf /tmp/updateDrivers.tgz -C /lib/modules; then
            say "updateDrivers.tgz unpacked over /lib/modules"
            depmod -a 2>/dev/null
            rm -f /run/coldplug.tried # every alias again, with the archive's drivers
        else
            say "updateDrivers.tgz from $host is not a gzip tar archive: ignored"
        fi
        rm -f /tmp/updateDrivers.tgz
    fi
    cd /
}

# The network's drivers first: updateDrivers.tgz comes over it, before the other drivers load.
coldplug net
if ! network; then
    coldplug
    missing=$(nics_without_driver)
    [ -n "$missing" ] && say "network cards without a driver in this environment (add it with boot/updateDrivers.tgz):
$missing"
    if [ "$mode" = maintenance ]; then
        shell "no network: maintenance shell without the server"
    fi
    shell "no network card reached the server ${server}: check the cable and the bench network, then type reboot"
fi
update_drivers
coldplug
if [ -x /usr/bin/bootbench-engine ]; then
    exec /usr/bin/bootbench-engine
fi
shell "/usr/bin/bootbench-engine is missing from this environment"
)SH");
}

QByteArray InitScript::udhcpcScript()
{
    return QByteArrayLiteral(R"SH(#!/bin/sh
# udhcpc hook of the Bootbench imaging environment.
case "$1" in
deconfig)
    ip addr flush dev "$interface"
    ip link set "$interface" up
    ;;
bound|renew)
    ifconfig "$interface" "$ip" netmask "${subnet:-255.255.255.0}" ${broadcast:+broadcast $broadcast}
    if [ -n "$router" ]; then
        while route del default dev "$interface" 2>/dev/null; do :; done
        for r in $router; do route add default gw "$r" dev "$interface"; break; done
    fi
    : >/etc/resolv.conf
    [ -n "$domain" ] && echo "search $domain" >>/etc/resolv.conf
    for d in $dns; do echo "nameserver $d" >>/etc/resolv.conf; done
    ;;
esac
exit 0
)SH");
}

} // namespace bootbench
