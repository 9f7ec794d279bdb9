# The API alone, for docker compose (Neo4j runs in its own container, reached through NEO4J_URI).
FROM node:20-bookworm-slim
WORKDIR /app
# With NEO4J_URI set, `npm ci` skips fetching the embedded Neo4j: no Java in this image.
ENV NEO4J_URI=bolt://neo4j:7687
COPY package.json package-lock.json ./
COPY src/neo4j ./src/neo4j
COPY src/config.ts ./src/config.ts
RUN npm ci
COPY . .
EXPOSE 4000
CMD ["node", "--import", "tsx", "src/main.ts"]
