#!/bin/sh
# The Data Plane API's reload command: SIGUSR2 makes the HAProxy master reload its config file.
kill -USR2 "$(cat /run/haproxy/haproxy.pid)"
