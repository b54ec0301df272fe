package io.dooor.provision.aws;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.ec2.Ec2Client;
import software.amazon.awssdk.services.ec2.Ec2ClientBuilder;

/**
 * One EC2 client per region, built on first use, signing with {@code credentials}; every region's
 * requests go to {@code endpoint} when one is given (a local recording endpoint in tests), else to
 * AWS's own endpoint of the region.
 */
public final class Ec2Clients implements Function<String, Ec2Client>, AutoCloseable {
  private final URI endpoint;
  private final AwsCredentialsProvider credentials;
  private final Map<String, Ec2Client> clients = new ConcurrentHashMap<>();

  public Ec2Clients(URI endpoint, AwsCredentialsProvider credentials) {
    this.endpoint = endpoint;
    this.credentials = credentials;
  }

  @Override
  public Ec2Client apply(String region) {
    return clients.computeIfAbsent(region, this::build);
  }

  private Ec2Client build(String region) {
    Ec2ClientBuilder b =
        Ec2Client.builder()
            .region(Region.of(region))
            .httpClient(UrlConnectionHttpClient.create())
            .credentialsProvider(credentials);
    if (endpoint != null) {
      b.endpointOverride(endpoint);
    }
    return b.build();
  }

  @Override
  public void close() {
    clients.values().forEach(Ec2Client::close);
  }
}
