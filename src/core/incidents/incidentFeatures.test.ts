import assert from 'node:assert/strict';
import { exceptionTypes, expandIdentifiers, extractIncidentFeatures, splitIdentifier, stackFrames } from './incidentFeatures';
import { classifyOffline } from './offlineClassifier';

describe('incidentFeatures', () => {
  describe('splitIdentifier', () => {
    it('splits alert names, Kubernetes reasons and snake_case metrics into words', () => {
      assert.equal(splitIdentifier('NodeFilesystemSpaceFillingUp'), 'node filesystem space filling up');
      assert.equal(splitIdentifier('CrashLoopBackOff'), 'crash loop back off');
      assert.equal(splitIdentifier('Reallocated_Sector_Ct'), 'reallocated sector ct');
      assert.equal(splitIdentifier('evicted_keys'), 'evicted keys');
    });

    it('keeps acronyms together, plural acronyms whole and digits on their word', () => {
      assert.equal(splitIdentifier('SSLHandshakeException'), 'ssl handshake exception');
      assert.equal(splitIdentifier('OOMKilled'), 'oom killed');
      assert.equal(splitIdentifier('numIPs'), 'num ips');
      assert.equal(splitIdentifier('ec2InstanceId'), 'ec2 instance id');
    });
  });

  describe('expandIdentifiers', () => {
    it('returns each glued identifier once and ignores plain words, upper-case words and hyphenated names', () => {
      const words = expandIdentifiers('KubePodCrashLooping: pod api-7d9 ERROR Failed (KubePodCrashLooping again) in my-service');
      assert.deepEqual(words, ['kube pod crash looping']);
    });

    it('stays fast on a long adversarial token', () => {
      // Linear by construction; this only guards against someone folding the test back into one backtracking regex.
      const token = 'aB'.repeat(20000) + '_';
      assert.equal(expandIdentifiers(token).length, 1);
    });
  });

  describe('exceptionTypes', () => {
    it('finds qualified exception and error types in Java, Python, .NET and Ruby traces', () => {
      const text = [
        'javax.net.ssl.SSLHandshakeException: PKIX path building failed',
        'django.db.utils.OperationalError: could not connect to server',
        'Unhandled exception. System.InvalidOperationException: Sequence contains no elements',
        "NoMethodError: undefined method `email' for nil:NilClass",
      ].join('\n');
      assert.deepEqual(exceptionTypes(text), [
        'javax.net.ssl.SSLHandshakeException',
        'django.db.utils.OperationalError',
        'System.InvalidOperationException',
        'NoMethodError',
      ]);
    });

    it('does not take log levels or a bare "Error" for a type, and names a Go panic', () => {
      assert.deepEqual(exceptionTypes('ERROR Error: something failed; Uncaught Error: boom'), []);
      assert.deepEqual(exceptionTypes('panic: runtime error: index out of range [3] with length 3'), ['panic']);
    });
  });

  describe('stackFrames', () => {
    it('recognises frames of several runtimes and nothing in prose', () => {
      const trace = [
        'java.lang.IllegalStateException: Duplicate key',
        '\tat com.acme.orders.OrderService.index(OrderService.java:88)',
        '    at Timeout._onTimeout (/app/node_modules/mongodb/lib/sdam/topology.js:278:38)',
        '  File "/app/worker/tasks.py", line 211, in handle_invoice',
        '\t/src/cmd/ingest/main.go:142 +0x1d4',
        "  app/mailers/receipt_mailer.rb:14:in `receipt'",
      ].join('\n');
      assert.equal(stackFrames(trace).length, 5);
      assert.deepEqual(stackFrames('The checkout service at peak was slow; look at the dashboard (grafana) for details.'), []);
    });
  });

  it('extractIncidentFeatures appends split identifiers to the text and keeps the original', () => {
    const features = extractIncidentFeatures('KubeNodeNotReady: ip-10-0-12-83 has been unready');
    assert.ok(features.text.startsWith('KubeNodeNotReady: ip-10-0-12-83 has been unready\n'));
    assert.match(features.text, /kube node not ready/);
    assert.equal(features.exceptions, '');
    assert.equal(features.frames, '');
  });
});

describe('classifyOffline with incident features', () => {
  it('reads categories from alert names that have no spaces', () => {
    assert.equal(classifyOffline({ text: 'NodeFilesystemAlmostOutOfFiles firing on worker-3' }).category, 'Hardware');
    assert.equal(classifyOffline({ text: 'CPUThrottlingHigh for container web' }).category, 'Performance');
    const catalogue: [string, string][] = [
      ['KubePersistentVolumeFillingUp', 'Hardware'],
      ['KubeHpaMaxedOut', 'Performance'],
      ['HostConntrackLimit', 'Network'],
      ['KubeClientCertificateExpiration', 'Network'],
      ['PostgresqlHighRollbackRate', 'Database'],
      ['NodeClockSkewDetected', 'Hardware'],
      ['KubeDaemonSetRolloutStuck', 'Application'],
    ];
    for (const [name, category] of catalogue) assert.equal(classifyOffline({ text: name }).category, category, name);
  });

  it('lets the exception type decide the layer, and an unknown type count as an application failure', () => {
    const db = 'org.postgresql.util.PSQLException: ERROR: canceling statement\n\tat org.postgresql.core.v3.QueryExecutorImpl.receiveErrorResponse(QueryExecutorImpl.java:2676)';
    assert.equal(classifyOffline({ text: db }).category, 'Database');
    const tls = 'javax.net.ssl.SSLPeerUnverifiedException: peer not authenticated\n\tat sun.security.ssl.SSLSessionImpl.getPeerCertificates(SSLSessionImpl.java:431)';
    assert.equal(classifyOffline({ text: tls }).category, 'Network');
    const app = 'com.acme.cart.CartTotalsMismatch: totals differ\n\tat com.acme.cart.Cart.total(Cart.java:10)';
    // "CartTotalsMismatch" is no exception-like name, so only the frame speaks; a named unknown type is stronger.
    const named = 'com.acme.cart.CartTotalsException: totals differ\n\tat com.acme.cart.Cart.total(Cart.java:10)';
    assert.equal(classifyOffline({ text: named }).category, 'Application');
    assert.equal(classifyOffline({ text: app }).category, 'Application');
  });

  it('treats exit code 137 as the OOM killer, not a crash', () => {
    assert.equal(classifyOffline({ text: 'container worker terminated, exit code 137, restarting' }).category, 'Performance');
  });
});
