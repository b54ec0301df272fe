package io.dooor.provision.aws;

import io.dooor.core.TeeType;
import io.dooor.provision.AgentBootstrap;
import io.dooor.provision.MachineRequest;
import io.dooor.provision.Provider;
import io.dooor.provision.ProviderException;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.function.Function;
import software.amazon.awssdk.core.exception.SdkClientException;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.model.AmdSevSnpSpecification;
import software.amazon.awssdk.services.ec2.model.CpuOptionsRequest;
import software.amazon.awssdk.services.ec2.model.Ec2Exception;
import software.amazon.awssdk.services.ec2.model.EnclaveOptionsRequest;
import software.amazon.awssdk.services.ec2.model.ResourceType;
import software.amazon.awssdk.services.ec2.model.RunInstancesRequest;
import software.amazon.awssdk.services.ec2.model.RunInstancesResponse;
import software.amazon.awssdk.services.ec2.model.Tag;
import software.amazon.awssdk.services.ec2.model.TagSpecification;
import software.amazon.awssdk.services.ec2.model.TerminateInstancesResponse;

/**
 * The {@code aws} provider (issue 14): EC2 instances through the AWS SDK for Java v2, SEV-SNP
 * (CpuOptions AmdSevSnp=enabled) or Nitro Enclaves (EnclaveOptions Enabled=true). {@code
 * RunInstances} carries the machine's client token (EC2's own idempotency: the same token answers
 * the same instance) and the bootstrap as user data (cloud-init that writes the join token into the
 * agent's state folder and starts the agent); instances are tagged {@code dooor:managed=true}, and
 * the IAM policy ({@link Ec2Actions}) lets the credentials terminate only instances so tagged. The
 * API actions it calls are exactly {@link Ec2Actions#ACTIONS}. Not run against a real account.
 */
public final class Ec2Provider implements Provider {
  public static final String NAME = "aws";

  private final Function<String, Ec2Client> clients;
  private final Set<String> regions;

  /**
   * @param clients an EC2 client per region (credentials scoped by {@link Ec2Actions})
   */
  public Ec2Provider(Function<String, Ec2Client> clients, Set<String> regions) {
    this.clients = clients;
    this.regions = Set.copyOf(regions);
  }

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Set<String> regions() {
    return regions;
  }

  @Override
  public Set<TeeType> teeTypes() {
    return Set.of(TeeType.SNP, TeeType.NITRO);
  }

  @Override
  public Answer create(MachineRequest r) throws ProviderException {
    RunInstancesRequest.Builder run =
        RunInstancesRequest.builder()
            .imageId(r.spec().image().ref())
            .instanceType(r.spec().shape().instanceType())
            .minCount(1)
            .maxCount(1)
            .clientToken(r.clientToken())
            .userData(Base64.getEncoder().encodeToString(AgentBootstrap.cloudInit(r)))
            .tagSpecifications(
                TagSpecification.builder()
                    .resourceType(ResourceType.INSTANCE)
                    .tags(
                        tag("Name", r.machineId()),
                        tag("dooor:managed", "true"),
                        tag("dooor:workload", r.spec().name()),
                        tag("dooor:machine", r.machineId()))
                    .build());
    if (r.spec().teeType() == TeeType.SNP) {
      run.cpuOptions(CpuOptionsRequest.builder().amdSevSnp(AmdSevSnpSpecification.ENABLED).build());
    } else {
      run.enclaveOptions(EnclaveOptionsRequest.builder().enabled(true).build());
    }
    try {
      RunInstancesResponse res = clients.apply(r.region()).runInstances(run.build());
      return new Answer(res.instances().get(0).instanceId(), res.responseMetadata().requestId());
    } catch (Ec2Exception e) {
      throw refused(e);
    } catch (SdkClientException e) {
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, e.getMessage(), "");
    }
  }

  @Override
  public Answer terminate(String region, String instanceId) throws ProviderException {
    try {
      TerminateInstancesResponse res =
          clients.apply(region).terminateInstances(b -> b.instanceIds(List.of(instanceId)));
      return new Answer(instanceId, res.responseMetadata().requestId());
    } catch (Ec2Exception e) {
      if ("InvalidInstanceID.NotFound".equals(e.awsErrorDetails().errorCode())) {
        return new Answer(instanceId, e.requestId());
      }
      throw refused(e);
    } catch (SdkClientException e) {
      throw new ProviderException(ProviderException.Reason.UNAVAILABLE, e.getMessage(), "");
    }
  }

  private static ProviderException refused(Ec2Exception e) {
    ProviderException.Reason reason =
        e.statusCode() >= 500
            ? ProviderException.Reason.UNAVAILABLE
            : ProviderException.Reason.REFUSED;
    return new ProviderException(
        reason,
        "EC2 " + e.awsErrorDetails().errorCode() + " (" + e.statusCode() + ")",
        e.requestId());
  }

  private static Tag tag(String key, String value) {
    return Tag.builder().key(key).value(value).build();
  }
}
