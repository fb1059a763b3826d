# Apache Tomcat: registers the Envelope provider for the whole JVM through java.security, with no code in the
# applications. Copy to $CATALINA_BASE/bin/setenv.sh (catalina.sh sources it), and copy java.security.envelope
# and the provider jar with its dependencies to $CATALINA_BASE/envelope/.
#
# The JDK loads java.security providers with the system class loader, which does not see $CATALINA_BASE/lib: the
# jars go on the JVM's class path (CLASSPATH), not in lib/. Applications then call KeyStore.getInstance("KMS")
# and Cipher.getInstance("Envelope/AES-GCM/NoPadding") without naming a provider.
ENVELOPE_DIR="$CATALINA_BASE/envelope"
for jar in "$ENVELOPE_DIR"/*.jar; do
  CLASSPATH="${CLASSPATH:+$CLASSPATH:}$jar"
done
export CLASSPATH
CATALINA_OPTS="$CATALINA_OPTS -Djava.security.properties=$ENVELOPE_DIR/java.security.envelope"
