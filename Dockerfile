# The API alone, for docker compose (Neo4j runs in its own container, reached through NEO4J_URI).
FROM node:20-bookworm-slim
WORKDIR /app
# With NEO4J_URI set, the install skips fetching the embedded Neo4j: no Java in this image.
ENV NEO4J_URI=bolt://neo4j:7687
COPY . .
# `npm ci` also builds the playground and explorer (postinstall).
RUN npm ci
EXPOSE 4000
# `npm ci` compiled the server into dist/server (postinstall); plain node runs it.
CMD ["node", "dist/server/main.js"]
