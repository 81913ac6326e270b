# tabby-rr's default JVM options, sourced by bin/tabby-rr and by bench/reflector.sh (which runs its
# reflector with them). Why these: route-reflector/README.md, "JVM options".
TABBY_RR_JAVA_OPTS="-XX:+UseSerialGC -Xmx1g -Xmn128m -XX:MinHeapFreeRatio=10 -XX:MaxHeapFreeRatio=20 -XX:TieredStopAtLevel=1"
