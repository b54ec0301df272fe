package io.dooor.provision.gcp;

import com.google.api.gax.rpc.ApiException;
import com.google.api.gax.rpc.StatusCode;
import com.google.cloud.compute.v1.AttachedDisk;
import com.google.cloud.compute.v1.AttachedDiskInitializeParams;
import com.google.cloud.compute.v1.ConfidentialInstanceConfig;
import com.google.cloud.compute.v1.DeleteInstanceRequest;
import com.google.cloud.compute.v1.Instance;
import com.google.cloud.compute.v1.InstancesClient;
import com.google.cloud.compute.v1.Items;
import com.google.cloud.compute.v1.Metadata;
import com.google.cloud.compute.v1.NetworkInterface;
import com.google.cloud.compute.v1.Operation;
import com.google.cloud.compute.v1.Scheduling;
import com.google.cloud.compute.v1.ShieldedInstanceConfig;
import io.dooor.core.TeeType;
import io.dooor.provision.AgentBootstrap;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import io.dooor.provision.StoredCredentialProvider;
import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Pattern;

/**
 * The {@code gcp} provider (issue 14): Compute Engine Confidential VM instances through Google's
 * Java client ({@code google-cloud-compute}, REST transport), AMD SEV-SNP ({@code
 * confidentialInstanceType: SEV_SNP}, e.g. n2d) or Intel TDX ({@code TDX}, e.g. c3). Regions in
 * specs are zones ({@code us-central1-a}). {@code instances.insert} carries a {@code requestId}
 * derived from the machine's client token (Compute Engine answers a repeated request id with the
 * first operation, never a second instance; a name already taken is the same machine, as names are
 * the machine ids), and the bootstrap as the {@code startup-script} metadata. Insert and delete
 * answer an operation: its name is the request id recorded; the adapter does not poll it, since the
 * reconciler waits for the machine's agent to attest. The permissions it needs are exactly {@link
 * GceActions#PERMISSIONS}. Not run against a real project.
 */
public final class GceProvider implements Provider, AutoCloseable {
  public static final String NAME = "gcp";
  private static final Pattern ZONE = Pattern.compile("([a-z]+-[a-z]+[0-9]+)-[a-z]");

  private final InstancesClient client;
  private final String project;
  private final Set<String> zones;

  /**
   * @param client Google's client, with credentials holding only {@link GceActions#customRole()}
   * @param project the project instances are created in
   * @param zones the zones specs may name
   */
  public GceProvider(InstancesClient client, String project, Set<String> zones) {
    for (String z : zones) {
      if (!ZONE.matcher(z).matches()) {
        throw new IllegalArgumentException("not a zone: " + z);
      }
    }
    this.client = client;
    this.project = project;
    this.zones = Set.copyOf(zones);
  }

  /**
   * The adapter of one call signing with a stored {@code gcp-service-account} credential (its key's
   * own {@code token_uri} for the OAuth token exchange), sending to {@code endpoint} (null:
   * Google's).
   */
  public static StoredCredentialProvider.Factory factory(
      String project, Set<String> zones, java.net.URI endpoint) {
    return opened -> {
      if (!"gcp-service-account".equals(opened.kind())) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "credential " + opened.id().label() + " is of kind " + opened.kind(),
            "");
      }
      byte[] plain = opened.plaintext().toArray();
      try {
        byte[] key =
            io.dooor.client.Json.MAPPER.writeValueAsBytes(
                io.dooor.client.Json.MAPPER.readTree(plain).get("service_account"));
        com.google.auth.oauth2.GoogleCredentials creds =
            com.google.auth.oauth2.ServiceAccountCredentials.fromStream(
                    new java.io.ByteArrayInputStream(key))
                .createScoped(java.util.List.of("https://www.googleapis.com/auth/compute"));
        java.util.Arrays.fill(key, (byte) 0);
        com.google.cloud.compute.v1.InstancesSettings.Builder b =
            com.google.cloud.compute.v1.InstancesSettings.newBuilder()
                .setCredentialsProvider(
                    com.google.api.gax.core.FixedCredentialsProvider.create(creds));
        if (endpoint != null) {
          b.setEndpoint(endpoint.toString());
        }
        return new GceProvider(InstancesClient.create(b.build()), project, zones);
      } catch (java.io.IOException e) {
        throw new ProviderException(
            ProviderException.Reason.UNAVAILABLE,
            "credential " + opened.id().label() + " is not a usable service-account key",
            "");
      } finally {
        java.util.Arrays.fill(plain, (byte) 0);
      }
    };
  }

  @Override
  public void close() {
    client.close();
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> regions() {
    return zones;
  }

  @Override
  public Set<TeeType> teeTypes() {
    return Set.of(TeeType.SNP, TeeType.TDX);
  }

  /** The Compute Engine request id (a UUID) of a create with this client token: always the same. */
  static String requestId(String purpose, String token) {
    return UUID.nameUUIDFromBytes((purpose + ":" + token).getBytes(StandardCharsets.UTF_8))
        .toString();
  }

  @Override
  public Answer create(MachineRequest r) throws ProviderException {
    String zone = r.region();
    String name = r.machineId().toLowerCase(Locale.ROOT);
    java.util.regex.Matcher m = ZONE.matcher(zone);
    if (!m.matches()) {
      throw new ProviderException(ProviderException.Reason.REFUSED, "not a zone: " + zone, "");
    }
    Instance instance =
        Instance.newBuilder()
            .setName(name)
            .setMachineType("zones/" + zone + "/machineTypes/" + r.spec().shape().instanceType())
            .setConfidentialInstanceConfig(
                ConfidentialInstanceConfig.newBuilder()
                    .setConfidentialInstanceType(
                        r.spec().teeType() == TeeType.TDX ? "TDX" : "SEV_SNP"))
            .setScheduling(
                Scheduling.newBuilder().setOnHostMaintenance("TERMINATE").setAutomaticRestart(true))
            .setShieldedInstanceConfig(
                ShieldedInstanceConfig.newBuilder()
                    .setEnableSecureBoot(true)
                    .setEnableVtpm(true)
                    .setEnableIntegrityMonitoring(true))
            .addDisks(
                AttachedDisk.newBuilder()
                    .setBoot(true)
                    .setAutoDelete(true)
                    .setInitializeParams(
                        AttachedDiskInitializeParams.newBuilder()
                            .setSourceImage(r.spec().image().ref())))
            .addNetworkInterfaces(
                NetworkInterface.newBuilder()
                    .setSubnetwork("regions/" + m.group(1) + "/subnetworks/default"))
            .setMetadata(
                Metadata.newBuilder()
                    .addItems(
                        Items.newBuilder()
                            .setKey("startup-script")
                            .setValue(AgentBootstrap.shellScript(r))))
            .putLabels("dooor-managed", "true")
            .putLabels("dooor-workload", r.spec().name())
            .build();
    try {
      Operation op =
          client
              .insertCallable()
              .call(
                  com.google.cloud.compute.v1.InsertInstanceRequest.newBuilder()
                      .setProject(project)
                      .setZone(zone)
                      .setRequestId(requestId("create", r.clientToken()))
                      .setInstanceResource(instance)
                      .build());
      return new Answer(name, op.getName());
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() == StatusCode.Code.ALREADY_EXISTS) {
        return new Answer(name, "");
      }
      throw failed(e);
    }
  }

  @Override
  public Answer terminate(String zone, String name) throws ProviderException {
    try {
      Operation op =
          client
              .deleteCallable()
              .call(
                  DeleteInstanceRequest.newBuilder()
                      .setProject(project)
                      .setZone(zone)
                      .setInstance(name)
                      .setRequestId(requestId("delete", zone + "/" + name))
                      .build());
      return new Answer(name, op.getName());
    } catch (ApiException e) {
      if (e.getStatusCode().getCode() == StatusCode.Code.NOT_FOUND) {
        return new Answer(name, "");
      }
      throw failed(e);
    }
  }

  private static ProviderException failed(ApiException e) {
    StatusCode.Code code = e.getStatusCode().getCode();
    boolean later =
        e.isRetryable()
            || code == StatusCode.Code.UNAVAILABLE
            || code == StatusCode.Code.INTERNAL
            || code == StatusCode.Code.DEADLINE_EXCEEDED
            || code == StatusCode.Code.UNKNOWN;
    return new ProviderException(
        later ? ProviderException.Reason.UNAVAILABLE : ProviderException.Reason.REFUSED,
        "Compute Engine " + code,
        "");
  }
}
